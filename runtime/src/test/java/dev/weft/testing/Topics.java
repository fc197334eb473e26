package dev.weft.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Test access to topics: create, produce JSON lines, read everything committed. */
public final class Topics {
  private final Properties kafka;

  public Topics(Properties kafka) {
    this.kafka = kafka;
  }

  public void create(String topic, int partitions) throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
      // a produce before every partition has its leader got NOT_LEADER_OR_FOLLOWER and then
      // OUT_OF_ORDER_SEQUENCE_NUMBER until its delivery timeout in CI (Kafka 3.9's idempotent producer)
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
      while (admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().stream().anyMatch(p -> p.leader() == null)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("topic " + topic + " has partitions without a leader 30 s after it was created");
        }
        Thread.sleep(20);
      }
    }
  }

  /** Sends each (key, value) pair in order and waits until all are acknowledged. */
  public void produce(String topic, List<Map.Entry<String, String>> records) throws Exception {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("linger.ms", "5");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
      for (Map.Entry<String, String> record : records) {
        sent.add(producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue())));
      }
      producer.flush();
      // a record the broker never took fails the test here, not minutes later as a missing row
      for (java.util.concurrent.Future<?> record : sent) {
        record.get();
      }
    }
  }

  /**
   * Sends the records in a transaction that stays open until {@code commitAfter} has passed, on a
   * thread of its own; the returned thread ends once the transaction is committed.
   */
  public Thread produceInTransactionCommittedAfter(String topic, List<Map.Entry<String, String>> records, Duration commitAfter)
      throws Exception {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    props.put("transactional.id", "weft-test-" + topic);
    KafkaProducer<String, String> producer = new KafkaProducer<>(props);
    producer.initTransactions();
    producer.beginTransaction();
    for (Map.Entry<String, String> record : records) {
      producer.send(new ProducerRecord<>(topic, record.getKey(), record.getValue()));
    }
    producer.flush();
    Thread commit = new Thread(() -> {
      try (producer) {
        Thread.sleep(commitAfter.toMillis());
        producer.commitTransaction();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "commit " + topic);
    commit.start();
    return commit;
  }

  /** Every committed record of a topic, as a read_committed consumer sees it, partition by partition. */
  public List<ConsumerRecord<byte[], byte[]>> readAll(String topic) {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
          .map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(records::add);
      }
    }
    return records;
  }

  public static String value(ConsumerRecord<byte[], byte[]> record) {
    return record.value() == null ? null : new String(record.value(), UTF_8);
  }

  public static String key(ConsumerRecord<byte[], byte[]> record) {
    return record.key() == null ? null : new String(record.key(), UTF_8);
  }

  public static Set<String> names(Properties kafka) throws Exception {
    try (Admin admin = Admin.create(kafka)) {
      return admin.listTopics().names().get();
    }
  }
}
