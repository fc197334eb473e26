package dev.weft.changelog;

import static dev.weft.changelog.GeneratedShop.customerId;
import static dev.weft.changelog.GeneratedShop.orderId;
import static dev.weft.changelog.GeneratedShop.seedOf;
import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecLoader;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The changelog differential test: generated changes (inserts, updates that move rows into and out
 * of filters and join matches, deletes) to real PostgreSQL tables, captured by CDC into upsert
 * products, and products of many transform shapes over those products and tables. For every shape
 * and every seed, the product's table (read with Iceberg's reader) and its topic's latest row per
 * key (read_committed, a tombstone removes its key) must equal a batch evaluation of the same SQL
 * over the final tables, run by PostgreSQL itself, or by a model where the SQL is not portable (the
 * event-time window).
 *
 * <p>Each of the {@value #SEEDS} seeds owns its own keys, and their changes are interleaved in one
 * run. Products that read a CDC table run while the tables change and have caught up once a marker
 * row written after every change is in their table and no transaction on their topic is open; the
 * others then run until idle over the upstream topics, which hold the whole changelog. Operators run
 * at parallelism 2, so retractions of one key cross subtasks. Run with {@code -Dweft.changelog.seed=N}
 * to repeat a run.
 */
class ChangelogDifferentialITCase {
  private static final int SEEDS = 20;
  private static final int EVENTS_PER_SEED = 12;
  /** Products run until idle at the same time (each takes 2 of the MiniCluster's 16 slots). */
  private static final int MAX_RUNNING = 6;
  private static final Instant EVENTS_START = Instant.parse("2026-11-20T08:00:00Z");
  /** As many as the products' parallelism: every subtask reads events, so event time moves on in each. */
  private static final int EVENT_PARTITIONS = 2;
  private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  static {
    STACK.options().set(WeftOptions.PARALLELISM, 2);
  }

  private static final String ORDERS = "  - name: orders\n    product: dt.orders@1\n";
  private static final String CUSTOMERS = "  - name: customers\n    product: dt.customers@1\n";
  private static final List<String> ORDER_COLUMNS = List.of("order_id BIGINT", "customer_id BIGINT", "status STRING", "amount DECIMAL(10,2)");

  @Test
  void everyShapePublishesWhatTheSameSqlGivesOverTheFinalTablesForEverySeed() throws Exception {
    long base = Long.getLong("weft.changelog.seed", new Random().nextLong());
    String url = STACK.stack().postgres().database("shop");
    GeneratedShop shop = new GeneratedShop(url, "d");
    List<Event> events = events(base);
    List<ChangelogShape> shapes = shapes(shop, url, events);
    List<ChangelogShape> streaming = shapes.stream().filter(ChangelogShape::streaming).toList();
    long started = System.nanoTime();
    Map<String, ProductPlan> plans = compile(streaming, shapes);
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("dt.events", EVENT_PARTITIONS);
    List<Map.Entry<String, String>> eventRecords = new ArrayList<>(events.stream().map(Event::record).toList());
    eventRecords.addAll(closingEvents(events));
    topics.produce("dt.events", eventRecords);

    shop.create();
    List<GeneratedShop.SeedChanges> seeds = IntStream.rangeClosed(1, SEEDS).mapToObj(s -> shop.new SeedChanges(s, base + s)).toList();
    List<String> first = new ArrayList<>(shop.marker(1));
    seeds.forEach(s -> first.addAll(s.firstRows));
    shop.execute(first);
    STACK.stack().runner().provision(List.copyOf(plans.values()));

    List<RunningProduct> running = new ArrayList<>();
    try {
      for (ChangelogShape shape : streaming) {
        running.add(STACK.stack().runner().start(plans.get(shape.name()), false, Optional.empty()));
      }
      // the other shapes are planned while the streaming ones take their snapshots
      plans.putAll(compile(shapes.stream().filter(s -> !s.streaming()).toList(), shapes));
      log("compiled " + plans.size() + " products, started " + streaming.size(), started);
      awaitMarker(streaming, plans, topics, 1);
      // the seeds' changes interleaved, one statement (one transaction) each
      List<String> changes = new ArrayList<>();
      for (int n = 0; n < GeneratedShop.CHANGES_PER_SEED; n++) {
        for (GeneratedShop.SeedChanges seed : seeds) {
          changes.add(seed.changes.get(n));
        }
      }
      shop.execute(changes);
      shop.execute(shop.marker(2));
      awaitMarker(streaming, plans, topics, 2);
      log(changes.size() + " changes caught up by the streaming products", started);
    } finally {
      running.forEach(RunningProduct::cancel);
    }
    runUntilIdle(shapes.stream().filter(s -> !s.streaming()).toList(), plans);
    log("ran the other products until idle", started);

    List<String> mismatches = new ArrayList<>();
    for (ChangelogShape shape : shapes) {
      ProductPlan plan = plans.get(shape.name());
      Map<Integer, List<String>> expected = bySeed(shape, shape.answer().rows());
      Map<Integer, List<String>> table = bySeed(shape, tableRows(shape, plan));
      Map<Integer, List<String>> topic = bySeed(shape, topicRows(shape, topics.readAll(plan.names().topic())));
      compare(shape, "table", expected, table, base, mismatches);
      compare(shape, "topic", expected, topic, base, mismatches);
      if (!topics.readAll(plan.names().deadLetterTopic()).isEmpty()) {
        mismatches.add(shape.name() + ": dead letters, where every record is valid");
      }
      if (expected.keySet().stream().filter(s -> s > 0).count() < SEEDS / 2) {
        mismatches.add(shape.name() + ": only seeds " + expected.keySet() + " have rows; the shape tests too little");
      }
    }
    log("compared " + shapes.size() + " products", started);
    assertThat(mismatches).as("changelog differential test, run with -Dweft.changelog.seed=%s to repeat", base).isEmpty();
  }

  private List<ChangelogShape> shapes(GeneratedShop shop, String url, List<Event> events) {
    String ordersCdc = cdcInput("orders", url, shop.orders, "order_id", ORDER_COLUMNS);
    String customersCdc = cdcInput("customers", url, shop.customers, "customer_id",
        List.of("customer_id BIGINT", "tier STRING", "region STRING"));
    String o = shop.orders;
    String c = shop.customers;
    List<String> joined = List.of("order_id BIGINT", "customer_id BIGINT", "tier STRING");
    return List.of(
        // the upstream products: identities over the CDC tables, streaming
        new ChangelogShape("orders", ordersCdc, ORDER_COLUMNS, 1, "SELECT order_id, customer_id, status, amount FROM orders",
            "order_id", 1, true, pg("SELECT order_id, customer_id, status, amount FROM " + o)),
        new ChangelogShape("customers", customersCdc, List.of("customer_id BIGINT", "tier STRING", "region STRING"), 1,
            "SELECT customer_id, tier, region FROM customers", "customer_id", 1, true, pg("SELECT customer_id, tier, region FROM " + c)),
        // a filter over a CDC table, and a join of an upsert product with a CDC table, streaming
        new ChangelogShape("cdc-filter", ordersCdc, List.of("order_id BIGINT", "status STRING", "amount DECIMAL(10,2)"), 1,
            "SELECT order_id, status, amount FROM orders WHERE status IN ('PAID', 'SHIPPED')", "order_id", 2, true,
            pg("SELECT order_id, status, amount FROM " + o + " WHERE status IN ('PAID', 'SHIPPED')")),
        new ChangelogShape("cdc-join", ORDERS + customersCdc, List.of("order_id BIGINT", "tier STRING", "region STRING"), 1,
            "SELECT o.order_id, c.tier, c.region FROM orders o JOIN customers c ON o.customer_id = c.customer_id", "order_id", 2, true,
            pg("SELECT o.order_id, c.tier, c.region FROM " + o + " o JOIN " + c + " c ON o.customer_id = c.customer_id")),
        // over the upstream products' topics, until idle
        new ChangelogShape("filter", ORDERS, ORDER_COLUMNS, 1, "SELECT order_id, customer_id, status, amount FROM orders WHERE status = 'PAID'",
            "order_id", 2, false, pg("SELECT order_id, customer_id, status, amount FROM " + o + " WHERE status = 'PAID'")),
        new ChangelogShape("projection", ORDERS, List.of("order_id BIGINT", "status STRING", "double_amount DECIMAL(12,2)"), 1,
            "SELECT order_id, status, CAST(amount * 2 AS DECIMAL(12,2)) AS double_amount FROM orders", "order_id", 2, false,
            pg("SELECT order_id, status, amount * 2 FROM " + o)),
        new ChangelogShape("filter-projection", ORDERS, List.of("order_id BIGINT", "amount DECIMAL(10,2)"), 1,
            "SELECT order_id, amount FROM orders WHERE amount >= 50 AND status <> 'CANCELLED'", "order_id", 2, false,
            pg("SELECT order_id, amount FROM " + o + " WHERE amount >= 50 AND status <> 'CANCELLED'")),
        new ChangelogShape("inner-join", ORDERS + CUSTOMERS, joined, 1,
            "SELECT o.order_id, o.customer_id, c.tier FROM orders o JOIN customers c ON o.customer_id = c.customer_id", "order_id", 2, false,
            pg("SELECT o.order_id, o.customer_id, c.tier FROM " + o + " o JOIN " + c + " c ON o.customer_id = c.customer_id")),
        new ChangelogShape("left-join", ORDERS + CUSTOMERS, joined, 1,
            "SELECT o.order_id, o.customer_id, c.tier FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id", "order_id", 2,
            false, pg("SELECT o.order_id, o.customer_id, c.tier FROM " + o + " o LEFT JOIN " + c + " c ON o.customer_id = c.customer_id")),
        new ChangelogShape("joined-side-filter", ORDERS + CUSTOMERS, List.of("order_id BIGINT", "customer_id BIGINT", "region STRING"), 1,
            "SELECT o.order_id, o.customer_id, c.region FROM orders o JOIN customers c ON o.customer_id = c.customer_id WHERE c.tier = 'gold'",
            "order_id", 2, false, pg("SELECT o.order_id, o.customer_id, c.region FROM " + o + " o JOIN " + c
                + " c ON o.customer_id = c.customer_id WHERE c.tier = 'gold'")),
        new ChangelogShape("having", ORDERS, List.of("customer_id BIGINT", "order_count BIGINT", "total DECIMAL(12,2)"), 1,
            "SELECT customer_id, COUNT(*) AS order_count, CAST(SUM(amount) AS DECIMAL(12,2)) AS total FROM orders "
                + "GROUP BY customer_id HAVING COUNT(*) >= 3", "customer_id", 2, false,
            pg("SELECT customer_id, COUNT(*), SUM(amount) FROM " + o + " GROUP BY customer_id HAVING COUNT(*) >= 3")),
        new ChangelogShape("distinct", ORDERS, List.of("customer_id BIGINT", "status STRING"), 2,
            "SELECT DISTINCT customer_id, status FROM orders", "customer_id", 2, false, pg("SELECT DISTINCT customer_id, status FROM " + o)),
        new ChangelogShape("union-all", ORDERS + CUSTOMERS, List.of("id BIGINT", "kind STRING", "label STRING"), 1,
            "SELECT order_id AS id, CAST('order' AS STRING) AS kind, status AS label FROM orders WHERE status = 'SHIPPED' "
                + "UNION ALL SELECT customer_id AS id, CAST('customer' AS STRING) AS kind, tier AS label FROM customers WHERE tier = 'gold'",
            "id", 2, false, pg("SELECT order_id, 'order', status FROM " + o + " WHERE status = 'SHIPPED' "
                + "UNION ALL SELECT customer_id, 'customer', tier FROM " + c + " WHERE tier = 'gold'")),
        new ChangelogShape("window", eventsInput(), List.of("minute_start STRING", "customer_id BIGINT", "event_count BIGINT",
            "total DECIMAL(12,2)"), 2,
            "SELECT DATE_FORMAT(window_start, 'yyyy-MM-dd HH:mm') AS minute_start, customer_id, COUNT(*) AS event_count, "
                + "CAST(SUM(amount) AS DECIMAL(12,2)) AS total FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) "
                + "GROUP BY window_start, window_end, customer_id", "customer_id", 2, false, () -> windowModel(events)),
        // a product over a product over a product
        new ChangelogShape("chain-1", ORDERS, ORDER_COLUMNS, 1,
            "SELECT order_id, customer_id, status, amount FROM orders WHERE status <> 'CANCELLED'", "order_id", 2, false,
            pg("SELECT order_id, customer_id, status, amount FROM " + o + " WHERE status <> 'CANCELLED'")),
        new ChangelogShape("chain-2", "  - name: kept\n    product: dt.chain-1@1\n", List.of("order_id BIGINT", "customer_id BIGINT",
            "amount DECIMAL(10,2)"), 1, "SELECT order_id, customer_id, amount FROM kept WHERE amount >= 20", "order_id", 2, false,
            pg("SELECT order_id, customer_id, amount FROM " + o + " WHERE status <> 'CANCELLED' AND amount >= 20")),
        new ChangelogShape("chain-3", "  - name: big\n    product: dt.chain-2@1\n", List.of("customer_id BIGINT", "order_count BIGINT",
            "total DECIMAL(12,2)"), 1, "SELECT customer_id, COUNT(*) AS order_count, CAST(SUM(amount) AS DECIMAL(12,2)) AS total FROM big "
                + "GROUP BY customer_id", "customer_id", 2, false,
            pg("SELECT customer_id, COUNT(*), SUM(amount) FROM " + o + " WHERE status <> 'CANCELLED' AND amount >= 20 GROUP BY customer_id")));
  }

  private static String cdcInput(String name, String url, String table, String key, List<String> columns) {
    StringBuilder yaml = new StringBuilder("  - name: " + name + "\n    cdc:\n      connector: postgres\n      url: \"" + url + "\"\n"
        + "      table: " + table + "\n      username: postgres\n      password: trusted\n      primaryKey: [" + key + "]\n      columns:\n");
    columns.forEach(c -> yaml.append("        - { name: ").append(c.split(" ")[0]).append(", type: \"").append(c.split(" ", 2)[1]).append("\" }\n"));
    return yaml.toString();
  }

  private static String eventsInput() {
    return "  - name: events\n    kafka:\n      topic: dt.events\n      format: json\n      watermark: { column: ts, delay: 5s }\n"
        + "      columns:\n        - { name: customer_id, type: BIGINT }\n        - { name: amount, type: \"DECIMAL(10,2)\" }\n"
        + "        - { name: ts, type: \"TIMESTAMP_LTZ(3)\" }\n";
  }

  /** Plans {@code shapes}, resolving product inputs among {@code all}. */
  private static Map<String, ProductPlan> compile(List<ChangelogShape> shapes, List<ChangelogShape> all) throws Exception {
    List<ProductSpec> known = new ArrayList<>();
    for (ChangelogShape shape : all) {
      known.add(SpecLoader.load(shape.name() + ".yaml", shape.spec()));
    }
    Map<String, ProductPlan> plans = new LinkedHashMap<>();
    for (ChangelogShape shape : shapes) {
      plans.put(shape.name(), Specs.compile(known.get(all.indexOf(shape)), known.toArray(ProductSpec[]::new)));
    }
    return plans;
  }

  /**
   * Runs the shapes until idle, several at a time; a shape that reads another of them starts once
   * that one has finished.
   */
  private static void runUntilIdle(List<ChangelogShape> shapes, Map<String, ProductPlan> plans) throws Exception {
    List<ChangelogShape> waiting = new ArrayList<>(shapes);
    Map<String, RunningProduct> running = new LinkedHashMap<>();
    java.util.Set<String> finished = new java.util.HashSet<>();
    while (!waiting.isEmpty() || !running.isEmpty()) {
      for (var it = waiting.iterator(); it.hasNext() && running.size() < MAX_RUNNING; ) {
        ChangelogShape shape = it.next();
        boolean ready = shapes.stream().filter(s -> shape.inputs().contains("product: dt." + s.name() + "@"))
            .allMatch(s -> finished.contains(s.name()));
        if (ready) {
          running.put(shape.name(), STACK.stack().runner().start(plans.get(shape.name()), true, Optional.empty()));
          it.remove();
        }
      }
      var oldest = running.entrySet().iterator().next();
      oldest.getValue().awaitFinished(Duration.ofMinutes(3));
      finished.add(oldest.getKey());
      running.remove(oldest.getKey());
    }
  }

  /** How long the phases take, in the test's output. */
  private static void log(String phase, long started) {
    System.out.println("changelog differential test: " + phase + " after " + (System.nanoTime() - started) / 1_000_000_000 + " s");
  }

  /** Waits until every streaming shape holds marker {@code n} in its table, and its topic has no open transaction. */
  private static void awaitMarker(List<ChangelogShape> streaming, Map<String, ProductPlan> plans, Topics topics, int n) throws Exception {
    for (ChangelogShape shape : streaming) {
      ProductPlan plan = plans.get(shape.name());
      String keyColumn = shape.columnNames().get(0);
      long marker = keyColumn.equals("customer_id") ? customerId(0, n) : orderId(0, n);
      var table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
      await(() -> Tables.readAll(table).stream().anyMatch(r -> Long.valueOf(marker).equals(r.getField(keyColumn))),
          shape.name() + " to commit marker " + n + " to its table");
      await(() -> transactionsDecided(plan.names().topic()), shape.name() + "'s topic to have no open transaction");
      assertThat(topicRows(shape, topics.readAll(plan.names().topic())).stream().anyMatch(r -> r.get(0).toString().equals(Long.toString(marker))))
          .as("%s's topic holds marker %s", shape.name(), n).isTrue();
    }
  }

  /** Every transaction on the topic is committed or aborted: a read_committed consumer's end is the log's end. */
  private static boolean transactionsDecided(String topic) {
    return endOffsets(topic, "read_committed").equals(endOffsets(topic, "read_uncommitted"));
  }

  private static Map<TopicPartition, Long> endOffsets(String topic, String isolation) {
    Properties props = new Properties();
    props.putAll(STACK.stack().kafka().clientProperties());
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", isolation);
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      return consumer.endOffsets(consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList());
    }
  }

  private static ChangelogShape.Answer pg(String sql) {
    return () -> {
      List<List<Object>> rows = new ArrayList<>();
      try (Connection c = java.sql.DriverManager.getConnection(STACK.stack().postgres().database("shop"), "postgres", "");
          Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
        while (r.next()) {
          List<Object> row = new ArrayList<>();
          for (int i = 1; i <= r.getMetaData().getColumnCount(); i++) {
            row.add(r.getObject(i));
          }
          rows.add(row);
        }
      }
      return rows;
    };
  }

  private static List<List<Object>> tableRows(ChangelogShape shape, ProductPlan plan) {
    var table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    return Tables.readAll(table).stream().map(r -> shape.columnNames().stream().map(r::getField).toList()).toList();
  }

  /** The latest row per key: a later record of a key replaces it, a tombstone removes it. */
  private static List<List<Object>> topicRows(ChangelogShape shape, List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<Object>> latest = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      if (record.value() == null) {
        latest.remove(Topics.key(record));
        continue;
      }
      try {
        JsonNode value = JSON.readTree(record.value());
        List<Object> row = new ArrayList<>();
        for (String column : shape.columnNames()) {
          JsonNode field = value.get(column);
          row.add(field == null || field.isNull() ? null : field.isNumber() ? field.decimalValue() : field.asText());
        }
        latest.put(Topics.key(record), row);
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }
    return List.copyOf(latest.values());
  }

  /** Rows as text, sorted, by the seed they belong to. */
  private static Map<Integer, List<String>> bySeed(ChangelogShape shape, List<List<Object>> rows) {
    int seedColumn = shape.columnNames().indexOf(shape.seedColumn());
    Map<Integer, List<String>> bySeed = new TreeMap<>();
    for (List<Object> row : rows) {
      int seed = seedOf(((Number) row.get(seedColumn)).longValue());
      bySeed.computeIfAbsent(seed, s -> new ArrayList<>()).add(String.join("|", row.stream().map(ChangelogDifferentialITCase::text).toList()));
    }
    bySeed.values().forEach(Collections::sort);
    return bySeed;
  }

  private static String text(Object value) {
    if (value == null) {
      return "null";
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).stripTrailingZeros().toPlainString();
    }
    return value.toString();
  }

  private static void compare(ChangelogShape shape, String output, Map<Integer, List<String>> expected, Map<Integer, List<String>> actual,
      long base, List<String> mismatches) {
    TreeSet<Integer> seeds = new TreeSet<>(expected.keySet());
    seeds.addAll(actual.keySet());
    for (int seed : seeds) {
      List<String> want = expected.getOrDefault(seed, List.of());
      List<String> got = actual.getOrDefault(seed, List.of());
      if (!want.equals(got)) {
        List<String> missing = new ArrayList<>(want);
        missing.removeAll(got);
        List<String> extra = new ArrayList<>(got);
        extra.removeAll(want);
        mismatches.add(shape.name() + " " + output + ", seed " + seed + " (random seed " + (base + seed) + "): missing " + missing
            + ", not in the batch answer " + extra);
      }
    }
  }

  /** An event for the window shape: a customer's purchase at a time. */
  private record Event(long customerId, BigDecimal amount, Instant ts) {
    Map.Entry<String, String> record() {
      return Map.entry(Long.toString(customerId), "{\"customer_id\": " + customerId + ", \"amount\": " + amount.toPlainString()
          + ", \"ts\": \"" + ts + "\"}");
    }
  }

  /** Every seed's events, interleaved and in time order (so none is late for the watermark). */
  private static List<Event> events(long base) {
    List<long[]> drawn = new ArrayList<>();
    for (int seed = 1; seed <= SEEDS; seed++) {
      Random random = new Random(base + seed * 7919L);
      for (int i = 0; i < EVENTS_PER_SEED; i++) {
        drawn.add(new long[] {customerId(seed, random.nextInt(GeneratedShop.CUSTOMERS_PER_SEED)), random.nextInt(10_000)});
      }
    }
    Collections.shuffle(drawn, new Random(base));
    List<Event> events = new ArrayList<>();
    for (int k = 0; k < drawn.size(); k++) {
      events.add(new Event(drawn.get(k)[0], BigDecimal.valueOf(drawn.get(k)[1], 2), EVENTS_START.plusSeconds(7L * k)));
    }
    return events;
  }

  /**
   * One event per partition of seed 0 (not compared), an hour after the last: a run until idle stops
   * where its input ends and keeps its open windows in state for the next run, so a window is
   * published once the watermark of every partition has passed its end, as in a stream that never
   * stops. These events close every window of the seeds; their own stays open.
   */
  private static List<Map.Entry<String, String>> closingEvents(List<Event> events) {
    Instant closing = events.get(events.size() - 1).ts().plus(Duration.ofHours(1));
    Map<Integer, Map.Entry<String, String>> byPartition = new TreeMap<>();
    for (int j = 0; byPartition.size() < EVENT_PARTITIONS; j++) {
      Event event = new Event(GeneratedShop.customerId(0, j), BigDecimal.ONE, closing);
      byte[] key = Long.toString(event.customerId()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      // where Kafka's default partitioner puts a keyed record
      int partition = org.apache.kafka.common.utils.Utils.toPositive(org.apache.kafka.common.utils.Utils.murmur2(key)) % EVENT_PARTITIONS;
      byPartition.putIfAbsent(partition, event.record());
    }
    return List.copyOf(byPartition.values());
  }

  /** Tumbling one-minute windows per customer: count and sum, keyed by the window's start. */
  private static List<List<Object>> windowModel(List<Event> events) {
    Map<List<Object>, BigDecimal[]> windows = new HashMap<>();
    for (Event e : events) {
      BigDecimal[] agg = windows.computeIfAbsent(List.of(MINUTE.format(e.ts()), e.customerId()), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO});
      agg[0] = agg[0].add(BigDecimal.ONE);
      agg[1] = agg[1].add(e.amount());
    }
    List<List<Object>> rows = new ArrayList<>();
    windows.forEach((key, agg) -> rows.add(List.of(key.get(0), key.get(1), agg[0], agg[1])));
    return rows;
  }
}
