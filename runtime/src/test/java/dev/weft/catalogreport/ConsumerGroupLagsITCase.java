package dev.weft.catalogreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.health.MetricsSample.ConsumerGroupLag;
import dev.weft.dev.EmbeddedKafka;
import dev.weft.testing.Topics;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** Consumer groups' lag on a topic, read from a real broker. */
class ConsumerGroupLagsITCase {
  @Test
  void eachGroupWithOffsetsOnTheTopicIsListedWithHowFarItIsBehind() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(); Admin admin = Admin.create(kafka.clientProperties())) {
      Topics topics = new Topics(kafka.clientProperties());
      topics.create("orders.order-events.v1", 2);
      topics.create("other.topic", 1);
      // keys 0..9 spread over both partitions: a group that read nothing but committed 0 is 10 behind
      topics.produce("orders.order-events.v1", IntStream.range(0, 10).mapToObj(i -> Map.entry(Integer.toString(i), "{}")).toList());
      topics.produce("other.topic", List.of(Map.entry("k", "{}")));
      var ends = admin.listOffsets(Map.of(
          new TopicPartition("orders.order-events.v1", 0), org.apache.kafka.clients.admin.OffsetSpec.latest(),
          new TopicPartition("orders.order-events.v1", 1), org.apache.kafka.clients.admin.OffsetSpec.latest())).all().get();
      long end0 = ends.get(new TopicPartition("orders.order-events.v1", 0)).offset();
      long end1 = ends.get(new TopicPartition("orders.order-events.v1", 1)).offset();
      assertThat(end0 + end1).isEqualTo(10);
      admin.alterConsumerGroupOffsets("weft.finance.big-orders.v2", Map.of(
          new TopicPartition("orders.order-events.v1", 0), new OffsetAndMetadata(end0),
          new TopicPartition("orders.order-events.v1", 1), new OffsetAndMetadata(end1))).all().get();
      admin.alterConsumerGroupOffsets("marketing-app", Map.of(
          new TopicPartition("orders.order-events.v1", 0), new OffsetAndMetadata(0),
          new TopicPartition("orders.order-events.v1", 1), new OffsetAndMetadata(0))).all().get();
      admin.alterConsumerGroupOffsets("other-reader", Map.of(new TopicPartition("other.topic", 0), new OffsetAndMetadata(0))).all().get();

      assertThat(new ConsumerGroupLags(admin).of("orders.order-events.v1")).containsExactly(
          new ConsumerGroupLag("marketing-app", 10L),
          new ConsumerGroupLag("weft.finance.big-orders.v2", 0L));
      assertThat(new ConsumerGroupLags(admin).of("no.such.topic")).isEmpty();

      // what the runtime reports to the catalog: with members and state, from which the catalog tells when a group was last active
      java.util.Properties config = new java.util.Properties();
      config.putAll(kafka.clientProperties());
      config.put("group.id", "marketing-app");
      config.put("key.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
      config.put("value.deserializer", org.apache.kafka.common.serialization.StringDeserializer.class.getName());
      config.put("enable.auto.commit", "false");
      try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, String>(config)) {
        consumer.subscribe(List.of("orders.order-events.v1"));
        for (int i = 0; i < 100 && consumer.assignment().isEmpty(); i++) {
          consumer.poll(java.time.Duration.ofMillis(100));
        }
        assertThat(new ConsumerGroupLags(admin).withActivity("orders.order-events.v1")).containsExactly(
            new ConsumerGroupLag("marketing-app", 10L, 1, "Stable"),
            new ConsumerGroupLag("weft.finance.big-orders.v2", 0L, 0, "Empty"));
      }
    }
  }
}
