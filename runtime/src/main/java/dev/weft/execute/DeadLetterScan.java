package dev.weft.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.jobs.redrive.RedriveMarkers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a product's dead-letter topic holds when a re-drive starts, read committed up to where each
 * partition ends then: the letters' rules (a --rule must name one of them or of the product), the keys
 * of the letters earlier re-drives published (their markers), and the offset of the last committed
 * record per partition, which the re-drive has read once its job reaches it.
 *
 * @param ends per partition, the log end when the scan started (a transaction open then is waited for)
 * @param lastRecords per partition that holds committed records, the offset of the last one before its end
 */
record DeadLetterScan(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> lastRecords, Set<String> redriven,
    Map<String, Long> lettersPerRule, long letters) {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(200);

  static DeadLetterScan of(String topic, Admin admin, Properties kafka) {
    Map<TopicPartition, Long> ends = new HashMap<>();
    try {
      Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
          .forEach(p -> wanted.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
          .forEach((partition, end) -> ends.put(partition, end.offset()));
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot read where the dead-letter topic " + topic + " ends: " + e.getMessage(), e);
    }
    Map<TopicPartition, Long> last = new HashMap<>();
    Set<String> redriven = new HashSet<>();
    Map<String, Long> perRule = new TreeMap<>();
    long letters = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedBytesConsumer(kafka)) {
      for (var entry : ends.entrySet()) {
        TopicPartition partition = entry.getKey();
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        while (consumer.position(partition) < entry.getValue()) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
            if (record.offset() >= entry.getValue()) {
              continue;
            }
            last.put(partition, record.offset());
            if (record.value() == null) {
              continue;
            }
            if (RedriveMarkers.isMarker(record.value())) {
              redriven.add(new String(record.key(), StandardCharsets.UTF_8));
              continue;
            }
            letters++;
            for (JsonNode rule : JSON.readTree(record.value()).path("rules")) {
              perRule.merge(rule.asText(), 1L, Long::sum);
            }
          }
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("a record on " + topic + " is no dead letter: " + e.getMessage(), e);
    }
    return new DeadLetterScan(Map.copyOf(ends), Map.copyOf(last), Set.copyOf(redriven), perRule, letters);
  }
}
