package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.plan.ProductPlan;
import dev.weft.dev.EmbeddedKafka;
import dev.weft.jobs.sink.ProductRecordSerializer;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Products run end to end on the real embedded broker, PostgreSQL-backed Iceberg catalog and MiniCluster. */
class ProductJobITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void publishesEveryValidRecordToTopicAndTableAndEveryInvalidOneToTheDeadLetterTopic() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders", 2);
    OrderRecords input = new OrderRecords(0, 10_000);
    topics.produce("shop.orders", input.records);
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", Map.of()));

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    List<Long> valid = input.validOrderIds();
    assertThat(valid).hasSize(8_900);
    List<ConsumerRecord<byte[], byte[]>> published = topics.readAll("orders.order-events.v1");
    assertThat(published).hasSize(valid.size());
    assertThat(published.stream().map(r -> orderId(r)).sorted()).containsExactlyElementsOf(valid);
    assertThat(published.stream().map(Topics::value).sorted())
        .containsExactlyElementsOf(valid.stream().map(OrderRecords::publishedJson).sorted().toList());
    assertThat(published).allSatisfy(r -> assertThat(r.headers().lastHeader(ProductRecordSerializer.ORIGIN_HEADER)).isNotNull());

    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    List<Record> rows = Tables.readAll(table);
    assertThat(rows).hasSize(valid.size());
    assertThat(rows.stream().map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(valid);
    Record first = rows.stream().filter(r -> (Long) r.getField("order_id") == 0L).findFirst().orElseThrow();
    assertThat(first.getField("customer_id")).isEqualTo(0L);
    assertThat(first.getField("order_total")).isEqualTo(new BigDecimal("1.25"));
    assertThat(first.getField("currency")).isEqualTo("EUR");
    assertThat(first.getField("placed_at")).isEqualTo(OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC));
    assertThat(table.spec().fields()).hasSize(1);
    assertThat(table.spec().fields().get(0).transform().toString()).isEqualTo("day");

    Map<String, List<String>> deadLetters = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> letter : topics.readAll("orders.order-events.v1.dlq")) {
      JsonNode doc = JSON.readTree(letter.value());
      assertThat(doc.get("product").asText()).isEqualTo("orders.order-events");
      assertThat(doc.get("version").asText()).isEqualTo("1.0.0");
      assertThat(doc.get("source").get("topic").asText()).isEqualTo("shop.orders");
      assertThat(Topics.key(letter)).isEqualTo("shop.orders/" + doc.get("source").get("partition").asInt() + "@" + doc.get("source").get("offset").asLong());
      List<String> rules = new ArrayList<>();
      doc.get("rules").forEach(r -> rules.add(r.asText()));
      assertThat(deadLetters.put(doc.get("input").asText(), rules)).as("dead letter twice: %s", doc).isNull();
    }
    assertThat(new TreeMap<>(deadLetters)).isEqualTo(new TreeMap<>(input.invalid()));

    // the table's last snapshot covers exactly the last input record of each partition, valid or not
    Map<Integer, Long> lastOffset = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> in : topics.readAll("shop.orders")) {
      lastOffset.merge(in.partition(), in.offset(), Math::max);
    }
    ProductSnapshot snapshot = ProductSnapshot.latest(table).orElseThrow();
    assertThat(snapshot.positions().offsets().get("shop.orders")).isEqualTo(lastOffset);
  }

  private static long orderId(ConsumerRecord<byte[], byte[]> record) {
    try {
      return JSON.readTree(record.value()).get("order_id").asLong();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void onViolationFailStopsTheProductAtTheFirstBrokenRecord() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.f", 1);
    topics.produce("shop.orders.f", new OrderRecords(0, 100).records);
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("shop.orders", "shop.orders.f", "order-events", "order-events-f", "onViolation: dead-letter", "onViolation: fail")));

    var product = STACK.stack().runner().start(plan, true, Optional.empty());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> product.awaitFinished(Duration.ofMinutes(2)))
        .hasMessage("product orders.order-events-f failed: Record shop.orders.f/0@1 breaks rule(s) positive-total of product "
            + "orders.order-events-f (quality.onViolation: fail). Fix or remove the record, or choose onViolation: dead-letter.");
    assertThat(Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan)))).isEmpty();
  }

  @Test
  void onViolationDropPublishesOnlyValidRecordsAndNoDeadLetters() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.d", 1);
    OrderRecords input = new OrderRecords(0, 1_000);
    topics.produce("shop.orders.d", input.records);
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("shop.orders", "shop.orders.d", "order-events", "order-events-d", "onViolation: dead-letter", "onViolation: drop")));

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(2));

    assertThat(Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan))).stream()
        .map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(input.validOrderIds());
    // records that cannot be parsed are never dropped silently: they still become dead letters
    List<String> parseFailures = input.invalid().entrySet().stream().filter(e -> e.getValue().equals(List.of("parse"))).map(Map.Entry::getKey).sorted().toList();
    List<String> deadLetters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> letter : topics.readAll("orders.order-events-d.v1.dlq")) {
      deadLetters.add(JSON.readTree(letter.value()).get("input").asText());
    }
    assertThat(deadLetters.stream().sorted().toList()).isEqualTo(parseFailures);
  }

  @Test
  void upsertKeepsTheLatestRowPerKeyAcrossCommits() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("crm.tier-changes", 2);
    ProductPlan plan = Specs.compile(Specs.load("it/customer-tiers.yaml", Map.of()));
    String[] tiers = {"bronze", "silver", "gold", "platinum"};
    Map<Long, String> latest = new TreeMap<>();
    for (int round = 0; round < 2; round++) {
      List<Map.Entry<String, String>> changes = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        long customer = i % 100;
        String tier = tiers[(i / 100 + round) % tiers.length] + "-" + round;
        latest.put(customer, tier);
        changes.add(Map.entry(Long.toString(customer),
            "{\"customer_id\": " + customer + ", \"tier\": \"" + tier + "\", \"changed_at\": \"2026-11-0" + (round + 1) + "T10:00:00Z\"}"));
      }
      topics.produce("crm.tier-changes", changes);
      STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    }

    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    Map<Long, String> rows = Tables.readAll(table).stream()
        .collect(Collectors.toMap(r -> (Long) r.getField("customer_id"), r -> (String) r.getField("tier"), (a, b) -> {
          throw new AssertionError("two rows for one key: " + a + ", " + b);
        }, TreeMap::new));
    assertThat(rows).isEqualTo(latest);

    Map<String, String> topicLatest = new TreeMap<>();
    List<ConsumerRecord<byte[], byte[]>> published = topics.readAll("customers.customer-tiers.v1");
    assertThat(published).hasSize(2_000);
    published.forEach(r -> topicLatest.put(Topics.key(r), Topics.value(r)));
    assertThat(topicLatest).hasSize(100);
    latest.forEach((customer, tier) -> assertThat(topicLatest.get("{\"customer_id\":" + customer + "}"))
        .isEqualTo("{\"customer_id\":" + customer + ",\"tier\":\"" + tier + "\",\"changed_at\":\"2026-11-02T10:00:00Z\"}"));
  }

  @Test
  void aRunUntilIdleReadsATransactionThatCommitsAsItStarts() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.t", 1);
    List<Map.Entry<String, String>> before = new ArrayList<>();
    List<Map.Entry<String, String>> inTransaction = new ArrayList<>();
    for (int id = 1; id <= 15; id++) {
      (id <= 10 ? before : inTransaction).add(Map.entry(Integer.toString(id), "{\"order_id\": " + id + ", \"customer_id\": 1, "
          + "\"total\": " + id + ".25, \"currency\": \"eur\", \"created_at\": \"2026-11-01T10:00:00Z\"}"));
    }
    topics.produce("shop.orders.t", before);
    // an upstream product's last checkpoint, still open when the run starts: the run's end is the topic's
    // end when it starts, and the reader waits until the transaction before it is decided
    Thread commit = topics.produceInTransactionCommittedAfter("shop.orders.t", inTransaction, Duration.ofSeconds(8));
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", Map.of("shop.orders", "shop.orders.t", "order-events", "order-events-t")));

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    commit.join();

    assertThat(Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan)))).hasSize(15);
    assertThat(topics.readAll(plan.names().topic())).hasSize(15);
  }

  @Test
  void recordsAboutEventsOlderThanTheTopicsRetentionStayOnTheTopic() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.o", 1);
    // a backfill: the events happened before the product topic's 7-day retention
    String placedAt = Instant.now().minus(Duration.ofDays(30)).truncatedTo(ChronoUnit.SECONDS).toString();
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int id = 1; id <= 10; id++) {
      orders.add(Map.entry(Integer.toString(id), "{\"order_id\": " + id + ", \"customer_id\": 1, "
          + "\"total\": " + id + ".25, \"currency\": \"eur\", \"created_at\": \"" + placedAt + "\"}"));
    }
    topics.produce("shop.orders.o", orders);
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", Map.of("shop.orders", "shop.orders.o", "order-events", "order-events-o")));

    long started = System.currentTimeMillis();
    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    long ended = System.currentTimeMillis();
    // the broker deletes expired records within a few of its retention checks
    Thread.sleep(EmbeddedKafka.RETENTION_CHECK_INTERVAL.multipliedBy(3).toMillis());

    List<ConsumerRecord<byte[], byte[]>> published = topics.readAll(plan.names().topic());
    assertThat(published.stream().map(Topics::value).sorted()).containsExactlyElementsOf(IntStream.rangeClosed(1, 10)
        .mapToObj(id -> "{\"order_id\":" + id + ",\"customer_id\":1,\"order_total\":" + id + ".25,\"currency\":\"EUR\",\"placed_at\":\""
            + placedAt + "\"}")
        .sorted().toList());
    // stamped when published, so retention counts from then
    assertThat(published).allSatisfy(r -> assertThat(r.timestamp()).isBetween(started, ended));
  }

  @Test
  void aJoinWithAnUpsertProductSeesItsLatestRowPerKey() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.j", 1);
    topics.create("crm.tier-changes.j", 1);
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.j", "order-events", "order-events-j",
        "crm.tier-changes", "crm.tier-changes.j", "customer-tiers", "customer-tiers-j");
    ProductSpec orders = Specs.load("it/order-events.yaml", rename);
    ProductSpec tiers = Specs.load("it/customer-tiers.yaml", rename);
    ProductPlan ordersPlan = Specs.compile(orders);
    ProductPlan tiersPlan = Specs.compile(tiers);
    ProductPlan joined = Specs.compile(Specs.load("it/orders-with-tier.yaml", rename), orders, tiers);
    assertThat(joined.inputs().get(1).primaryKey()).containsExactly("customer_id");
    assertThat(joined.originTraceable()).isTrue();

    List<Map.Entry<String, String>> changes = new ArrayList<>();
    for (int version = 0; version < 2; version++) {
      for (long customer = 0; customer < 97; customer++) {
        String tier = version == 0 ? "silver" : customer % 2 == 0 ? "gold" : "silver";
        changes.add(Map.entry(Long.toString(customer),
            "{\"customer_id\": " + customer + ", \"tier\": \"" + tier + "\", \"changed_at\": \"2026-11-0" + (version + 1) + "T00:00:00Z\"}"));
      }
    }
    topics.produce("crm.tier-changes.j", changes);
    OrderRecords input = new OrderRecords(0, 1_000);
    topics.produce("shop.orders.j", input.records);
    STACK.stack().runner().provision(List.of(ordersPlan, tiersPlan, joined));
    for (ProductPlan plan : List.of(tiersPlan, ordersPlan, joined)) {
      STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    }

    Map<Long, String> expected = new TreeMap<>();
    input.validOrderIds().forEach(id -> expected.put(id, (id % 97) % 2 == 0 ? "gold" : "silver"));
    Map<Long, String> rows = Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(joined))).stream()
        .collect(Collectors.toMap(r -> (Long) r.getField("order_id"), r -> (String) r.getField("customer_tier"), (a, b) -> {
          throw new AssertionError("two rows for one order: " + a + ", " + b);
        }, TreeMap::new));
    assertThat(rows).isEqualTo(expected);
    Map<String, String> latestOnTopic = new TreeMap<>();
    topics.readAll("orders.orders-with-tier.v1").forEach(r -> latestOnTopic.put(Topics.key(r), Topics.value(r)));
    assertThat(latestOnTopic).hasSize(expected.size());
    expected.forEach((id, tier) -> assertThat(latestOnTopic.get("{\"order_id\":" + id + "}"))
        .isEqualTo("{\"order_id\":" + id + ",\"customer_id\":" + (id % 97) + ",\"customer_tier\":\"" + tier + "\"}"));
  }

  @Test
  void aDownstreamProductReadsItsUpstreamProductsRecords() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.c", 1);
    OrderRecords input = new OrderRecords(0, 1_000);
    topics.produce("shop.orders.c", input.records);
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.c", "order-events", "order-events-c");
    ProductSpec upstream = Specs.load("it/order-events.yaml", rename);
    ProductPlan upstreamPlan = Specs.compile(upstream);
    ProductPlan downstream = Specs.compile(Specs.load("it/big-orders.yaml", rename), upstream);
    assertThat(downstream.inputs().get(0).topic()).isEqualTo("orders.order-events-c.v1");

    STACK.stack().runner().provision(List.of(upstreamPlan, downstream));
    STACK.stack().runner().start(upstreamPlan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    STACK.stack().runner().start(downstream, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    List<Long> expected = input.validOrderIds().stream().filter(i -> i % 500 + 1 >= 100).toList();
    List<Record> rows = Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(downstream)));
    assertThat(rows.stream().map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(expected);
    assertThat(topics.readAll("finance.big-orders.v2").stream().map(Topics::value).sorted())
        .containsExactlyElementsOf(expected.stream()
            .map(i -> "{\"order_id\":" + i + ",\"order_total\":" + (i % 500 + 1) + ".25}").sorted().toList());
  }
}
