package dev.weft.verify;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.jobs.sink.ProductRecordSerializer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * What a product topic holds for a read_committed consumer, partition by partition in offset order,
 * each record with the input record it came from ({@value ProductRecordSerializer#ORIGIN_HEADER}).
 */
final class CommittedTopic {
  /** How long reading up to the topic's end may take before the check gives up. */
  static final Duration READ_TIMEOUT = Duration.ofMinutes(5);

  /** One committed record; {@code value} is null for a tombstone. */
  record Entry(int partition, long offset, byte[] key, byte[] value, Optional<Origin> origin) {}

  private CommittedTopic() {}

  /**
   * @throws IllegalStateException when the topic does not exist, or cannot be read to its end in time
   */
  static List<List<Entry>> read(Properties kafka, String topic) {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("max.poll.records", "5000");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      var infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new IllegalStateException("topic " + topic + " does not exist on " + kafka.getProperty("bootstrap.servers")
            + ": run the product first");
      }
      List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(topic, p.partition()))
          .sorted(java.util.Comparator.comparingInt(TopicPartition::partition)).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      // read_committed: the end is the last stable offset, so open transactions are left out
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      List<List<Entry>> byPartition = new ArrayList<>();
      partitions.forEach(p -> byPartition.add(new ArrayList<>()));
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read topic " + topic + " to its end within " + READ_TIMEOUT);
        }
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.offset() < end.get(new TopicPartition(topic, r.partition()))) {
            byPartition.get(r.partition()).add(new Entry(r.partition(), r.offset(), r.key(), r.value(), origin(r)));
          }
        }
      }
      return byPartition;
    }
  }

  private static Optional<Origin> origin(ConsumerRecord<byte[], byte[]> record) {
    Header header = record.headers().lastHeader(ProductRecordSerializer.ORIGIN_HEADER);
    return header == null ? Optional.empty() : Origin.parse(new String(header.value(), UTF_8));
  }
}
