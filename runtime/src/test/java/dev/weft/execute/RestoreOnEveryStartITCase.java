package dev.weft.execute;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.RunningProduct.ProductFailedException;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A product's read position comes only from what its outputs hold: every start restores the newest
 * checkpoint any run of the product left, also a run until idle, and every checkpoint's table
 * commit records how far the inputs were read, whatever became of the records.
 */
class RestoreOnEveryStartITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  /** Issue 11, failure 2: a crash between the Kafka and the Iceberg commit, then a catch-up run. */
  @Test
  void aCatchUpRunAfterACrashBetweenTheTopicAndTheTableCommitLosesNothing() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.gap", "order-events", "order-events-gap");
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", rename));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.gap", 2);
    OrderRecords first = new OrderRecords(0, 3_000);
    OrderRecords second = new OrderRecords(3_000, 6_000);
    OrderRecords third = new OrderRecords(6_000, 8_000);
    topics.produce("shop.orders.gap", first.records);
    STACK.stack().runner().provision(List.of(plan));
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));

    STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_TABLE_COMMITS, 1L);
    try {
      RunningProduct crashing = STACK.stack().runner().start(plan, false, Optional.empty());
      await(() -> {
        table.refresh();
        return table.currentSnapshot() != null;
      }, "a first commit");
      topics.produce("shop.orders.gap", second.records);
      assertThatThrownBy(() -> crashing.awaitFinished(Duration.ofMinutes(2)))
          .isInstanceOf(ProductFailedException.class)
          .hasMessageContaining("injected failure of product orders.order-events-gap before its table commit");
    } finally {
      STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_TABLE_COMMITS, 0L);
    }
    table.refresh();
    int inTableAfterCrash = Tables.readAll(table).size();
    topics.produce("shop.orders.gap", third.records);

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    List<Long> valid = new ArrayList<>(first.validOrderIds());
    valid.addAll(second.validOrderIds());
    valid.addAll(third.validOrderIds());
    assertThat(inTableAfterCrash).as("the crash left checkpoints uncommitted in the table").isLessThan(valid.size());
    table.refresh();
    assertThat(Tables.readAll(table).stream().map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(valid);
    assertThat(topics.readAll(plan.names().topic()).stream().map(Topics::value).sorted())
        .containsExactlyElementsOf(valid.stream().map(OrderRecords::publishedJson).sorted().toList());
    Map<String, List<String>> invalid = new TreeMap<>(first.invalid());
    invalid.putAll(second.invalid());
    invalid.putAll(third.invalid());
    assertThat(deadLetters(topics, plan.names().deadLetterTopic())).isEqualTo(invalid);
    assertThat(ProductSnapshot.latest(table).orElseThrow().positions().partitions("shop.orders.gap"))
        .isEqualTo(lastOffsets(topics, "shop.orders.gap"));
  }

  @Test
  void anAggregationRecordsTheInputPositionsItRead() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.agg");
    ProductPlan plan = Specs.compile(Specs.load("it/order-counts.yaml", rename));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.agg", 2);
    OrderRecords input = new OrderRecords(0, 1_000);
    topics.produce("shop.orders.agg", input.records);

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    assertThat(ProductSnapshot.latest(table).orElseThrow().positions().partitions("shop.orders.agg"))
        .isEqualTo(lastOffsets(topics, "shop.orders.agg"));
  }

  @Test
  void aCheckpointOfOnlyInvalidRecordsMovesTheTablesPositionOn() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.bad", "order-events", "order-events-bad");
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", rename));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.bad", 2);
    OrderRecords all = new OrderRecords(0, 1_000);
    List<Map.Entry<String, String>> broken = all.records.stream().filter(r -> !all.expected.get(r.getValue()).isEmpty()).toList();
    topics.produce("shop.orders.bad", broken);

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    assertThat(Tables.readAll(table)).isEmpty();
    assertThat(ProductSnapshot.latest(table).orElseThrow().positions().partitions("shop.orders.bad"))
        .isEqualTo(lastOffsets(topics, "shop.orders.bad"));

    // a start without state: no checkpoint, no consumer group offsets; only the table says where to go on
    deleteRecursively(STACK.stack().runner().checkpointDirectory(plan));
    try (Admin admin = Admin.create(STACK.stack().kafka().clientProperties())) {
      admin.deleteConsumerGroups(List.of(plan.names().consumerGroup())).all().get();
    } catch (ExecutionException e) {
      assertThat(e.getCause()).isInstanceOf(GroupIdNotFoundException.class);
    }
    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    assertThat(deadLetters(topics, plan.names().deadLetterTopic())).isEqualTo(new TreeMap<>(all.invalid()));
  }

  @Test
  void aProductOverAnUpsertProductKeepsItsStateAcrossRunsUntilIdle() throws Exception {
    Map<String, String> rename = Map.of("crm.tier-changes", "crm.tier-changes.gold", "customer-tiers", "customer-tiers-gold",
        "gold-customers", "gold-customers-x");
    ProductSpec tiers = Specs.load("it/customer-tiers.yaml", rename);
    ProductPlan tiersPlan = Specs.compile(tiers);
    ProductPlan gold = Specs.compile(Specs.load("it/gold-customers.yaml", rename), tiers);
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("crm.tier-changes.gold", 1);
    List<Map.Entry<String, String>> changes = new ArrayList<>();
    for (long customer = 0; customer < 10; customer++) {
      changes.add(Map.entry(Long.toString(customer), "{\"customer_id\": " + customer + ", \"tier\": \""
          + (customer % 2 == 0 ? "gold" : "silver") + "\", \"changed_at\": \"2026-11-01T00:00:00Z\"}"));
    }
    topics.produce("crm.tier-changes.gold", changes);
    STACK.stack().runner().provision(List.of(tiersPlan, gold));
    STACK.stack().runner().start(tiersPlan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    STACK.stack().runner().start(gold, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(gold));
    assertThat(goldCustomers(table)).containsExactly(0L, 2L, 4L, 6L, 8L);

    // customer 2 goes: its upstream row is deleted after the first run
    List<Map.Entry<String, String>> deletion = new ArrayList<>();
    deletion.add(new AbstractMap.SimpleEntry<>("{\"customer_id\":2}", null));
    topics.produce(tiersPlan.names().topic(), deletion);
    STACK.stack().runner().start(gold, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    table.refresh();
    assertThat(goldCustomers(table)).containsExactly(0L, 4L, 6L, 8L);
    Map<String, String> latestOnTopic = new HashMap<>();
    topics.readAll(gold.names().topic()).forEach(r -> latestOnTopic.put(Topics.key(r), Topics.value(r)));
    assertThat(latestOnTopic).containsEntry("{\"customer_id\":2}", null).hasSize(5);
  }

  /** The Flink behaviour runs until idle rely on: a stop-with-savepoint commits both sinks before the job ends. */
  @Test
  void aStopWithSavepointCommitsTheTopicAndTheTable() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.stop", "order-events", "order-events-stop");
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", rename));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.stop", 1);
    OrderRecords input = new OrderRecords(0, 500);
    topics.produce("shop.orders.stop", input.records);
    // no periodic checkpoint commits anything meanwhile (and the transaction timeout still covers the interval)
    STACK.stack().runner().options().set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofMinutes(10));
    RunningProduct product;
    try {
      product = STACK.stack().runner().start(plan, false, Optional.empty());
    } finally {
      STACK.stack().runner().options().set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    }
    List<Long> valid = input.validOrderIds();
    await(() -> uncommittedRecords(plan.names().topic()) == valid.size(), "every valid record in the topic's open transaction");

    long stopRequested = System.currentTimeMillis();
    String savepoint = STACK.stack().flink().stopWithSavepoint(product.jobId(), STACK.stack().runner().checkpointDirectory(plan));
    product.awaitFinished(Duration.ofMinutes(1));

    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    assertThat(table.currentSnapshot().timestampMillis()).as("committed on the savepoint").isGreaterThanOrEqualTo(stopRequested);
    assertThat(Tables.readAll(table).stream().map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(valid);
    assertThat(topics.readAll(plan.names().topic())).hasSize(valid.size());
    assertThat(RetainedCheckpoints.newest(STACK.stack().runner().checkpointDirectory(plan), table))
        .contains(Path.of(java.net.URI.create(savepoint)));
  }

  private static long uncommittedRecords(String topic) {
    Properties props = new Properties();
    props.putAll(STACK.stack().kafka().clientProperties());
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_uncommitted");
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    return count;
  }

  private static List<Long> goldCustomers(Table table) {
    return Tables.readAll(table).stream().map(r -> (Long) r.getField("customer_id")).sorted().toList();
  }

  private static Map<String, List<String>> deadLetters(Topics topics, String topic) throws Exception {
    Map<String, List<String>> letters = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> letter : topics.readAll(topic)) {
      JsonNode doc = JSON.readTree(letter.value());
      List<String> rules = new ArrayList<>();
      doc.get("rules").forEach(r -> rules.add(r.asText()));
      assertThat(letters.put(doc.get("input").asText(), rules)).as("dead letter twice: %s", doc).isNull();
    }
    return letters;
  }

  private static Map<Integer, Long> lastOffsets(Topics topics, String topic) throws Exception {
    return topics.readAll(topic).stream().collect(Collectors.toMap(ConsumerRecord::partition, ConsumerRecord::offset, Math::max));
  }

  private static void deleteRecursively(Path directory) throws Exception {
    if (!Files.exists(directory)) {
      return;
    }
    try (Stream<Path> files = Files.walk(directory)) {
      for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(file);
      }
    }
  }
}
