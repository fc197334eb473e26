package dev.weft.jobs.redrive;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads input records again at the positions their dead letters name, for letters that left their input
 * out (a product with personal data). Letters come roughly in input order, so it keeps what one fetch
 * brought for the letters that follow, and seeks only when a letter lies elsewhere. Read committed, as
 * the product read them.
 */
final class InputRereader implements AutoCloseable {
  private static final Duration POLL = Duration.ofMillis(500);
  /** Empty polls in a row after which a record that should be there counts as gone (an aborted or compacted one). */
  private static final int EMPTY_POLLS = 4;

  private final KafkaConsumer<byte[], byte[]> consumer;
  /** Per partition, what the last fetches brought that no letter has asked for yet, in offset order. */
  private final Map<TopicPartition, ArrayDeque<ConsumerRecord<byte[], byte[]>>> fetched = new HashMap<>();

  InputRereader(Properties kafka) {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.remove("group.id");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    consumer = new KafkaConsumer<>(props);
  }

  /** The record at {@code offset}, or empty when the topic no longer holds it (retention, compaction) or never committed it. */
  Optional<ConsumerRecord<byte[], byte[]>> read(String topic, int partition, long offset) {
    TopicPartition tp = new TopicPartition(topic, partition);
    ArrayDeque<ConsumerRecord<byte[], byte[]>> buffered = fetched.computeIfAbsent(tp, p -> new ArrayDeque<>());
    // the buffer holds what one read brought, without gaps but those of the log: it answers for offsets from its first on
    if (!buffered.isEmpty() && buffered.peekFirst().offset() <= offset) {
      while (!buffered.isEmpty() && buffered.peekFirst().offset() < offset) {
        buffered.pollFirst();
      }
      if (!buffered.isEmpty()) {
        // past the offset without it: an aborted or compacted record
        return buffered.peekFirst().offset() == offset ? Optional.of(buffered.pollFirst()) : Optional.empty();
      }
    }
    // before the buffer (letters are not in input order: a parse failure and a rule breaker reach the
    // dead-letter topic on different paths), or past it: read there
    buffered.clear();
    if (!consumer.assignment().contains(tp)) {
      var assigned = new java.util.HashSet<>(consumer.assignment());
      assigned.add(tp);
      consumer.assign(assigned);
    }
    long start = consumer.beginningOffsets(List.of(tp)).get(tp);
    long end = consumer.endOffsets(List.of(tp)).get(tp);
    if (offset < start || offset >= end) {
      return Optional.empty();
    }
    consumer.seek(tp, offset);
    consumer.pause(consumer.assignment());
    consumer.resume(List.of(tp));
    for (int empty = 0; empty < EMPTY_POLLS && consumer.position(tp) <= offset; ) {
      var records = consumer.poll(POLL).records(tp);
      if (records.isEmpty()) {
        empty++;
      }
      buffered.addAll(records);
    }
    while (!buffered.isEmpty() && buffered.peekFirst().offset() < offset) {
      buffered.pollFirst();
    }
    return !buffered.isEmpty() && buffered.peekFirst().offset() == offset ? Optional.of(buffered.pollFirst()) : Optional.empty();
  }

  @Override
  public void close() {
    consumer.close(Duration.ZERO);
  }
}
