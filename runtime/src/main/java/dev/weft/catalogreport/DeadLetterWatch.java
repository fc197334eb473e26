package dev.weft.catalogreport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.catalog.health.DeadLetterReport;
import dev.weft.execute.KafkaClients;
import dev.weft.plan.ProductPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a running product's dead-letter topic (committed letters only) for the catalog: from where
 * the topic ended when the product started, each call says how many letters each rule got since the
 * last and the latest few of each rule. Only the rule, reason, failure time, source position and the
 * published record (PII masked as on the topic) go to the catalog, never the raw input.
 */
final class DeadLetterWatch implements AutoCloseable {
  /** Letters read per report at most; the rest wait for the next report, so a flood never stalls the reporter. */
  private static final int MOST_PER_REPORT = 10_000;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWatch.class);

  private final KafkaConsumer<byte[], byte[]> consumer;
  private final List<TopicPartition> partitions;
  /** The reporter's last sample of a product may still run when its run ends and closes the watch. */
  private boolean closed;

  /** The watch of a product's dead-letter topic; one that reports nothing if the topic cannot be read (logged). */
  static DeadLetterWatch open(Properties kafka, ProductPlan plan) {
    try {
      return new DeadLetterWatch(kafka, plan.names().deadLetterTopic());
    } catch (RuntimeException e) {
      LOG.warn("Product {}: cannot read its dead-letter topic for the catalog, which shows no dead letters of it: {}", plan.product(),
          e.getMessage());
      return new DeadLetterWatch();
    }
  }

  /** Reports nothing. */
  private DeadLetterWatch() {
    consumer = null;
    partitions = List.of();
    closed = true;
  }

  private DeadLetterWatch(Properties kafka, String topic) {
    consumer = KafkaClients.committedBytesConsumer(kafka);
    partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fixes the end now, not at the first report
  }

  /** What arrived since the last call; empty when nothing did. */
  synchronized Optional<DeadLetterReport> report(Instant now) {
    if (closed) {
      return Optional.empty();
    }
    Map<String, Long> counts = new TreeMap<>();
    Map<String, Deque<DeadLetterReport.Letter>> latest = new TreeMap<>();
    int read = 0;
    Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
    while (read < MOST_PER_REPORT && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
      for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
        read++;
        letter(record).forEach(letter -> {
          counts.merge(letter.rule(), 1L, Long::sum);
          Deque<DeadLetterReport.Letter> kept = latest.computeIfAbsent(letter.rule(), rule -> new ArrayDeque<>());
          kept.addLast(letter);
          if (kept.size() > DeadLetterReport.LATEST_PER_RULE) {
            kept.removeFirst();
          }
        });
      }
    }
    if (counts.isEmpty()) {
      return Optional.empty();
    }
    List<DeadLetterReport.Letter> letters = new ArrayList<>();
    latest.values().forEach(letters::addAll);
    return Optional.of(new DeadLetterReport(now.toString(), counts, letters));
  }

  /** One letter per rule the record broke (docs/dead-letters.md); a record that is no letter is skipped. */
  private static List<DeadLetterReport.Letter> letter(ConsumerRecord<byte[], byte[]> record) {
    if (record.value() == null) {
      return List.of();
    }
    try {
      JsonNode doc = JSON.readTree(new String(record.value(), StandardCharsets.UTF_8));
      JsonNode source = doc.path("source");
      String position = source.isObject()
          ? source.path("topic").asText() + "/" + source.path("partition").asInt() + "@" + source.path("offset").asLong() : null;
      String published = doc.path("record").isNull() || doc.path("record").isMissingNode() ? null : doc.get("record").toString();
      List<DeadLetterReport.Letter> letters = new ArrayList<>();
      doc.path("rules").forEach(rule -> letters.add(new DeadLetterReport.Letter(rule.asText(), doc.path("reason").asText(null),
          doc.path("failedAt").asText(), position, published)));
      return letters;
    } catch (IOException e) {
      return List.of();
    }
  }

  @Override
  public synchronized void close() {
    if (!closed) {
      closed = true;
      consumer.close(Duration.ofSeconds(5));
    }
  }
}
