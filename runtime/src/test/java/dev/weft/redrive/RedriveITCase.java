package dev.weft.redrive;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.crash.WeftProcess;
import dev.weft.execute.IcebergTables;
import dev.weft.execute.RunningProduct;
import dev.weft.jobs.redrive.RedriveMarkers;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.plan.ProductPlan;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Eventually;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code weft redrive}: a rule that was too strict is relaxed in a new minor version; the re-drive
 * publishes exactly the letters that now pass, once, with their original origin, even when it runs
 * twice or is killed with SIGKILL and run again; the others stay and are counted per rule.
 */
class RedriveITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  static {
    // renewed every quarter of it: no heartbeat of this JVM's leases comes within Eventually's patience, so a
    // lease given up within it was given up because its run ended
    STACK.options().set(dev.weft.execute.WeftOptions.LEASE_EXPIRY, Duration.ofMinutes(30));
  }

  private final Topics topics = new Topics(STACK.stack().kafka().clientProperties());

  /**
   * 60 orders with personal data (the product masks the email): 3 not JSON (20, 40, 60); version 1.0.0
   * takes amounts below 200 (orders 1-19), version 1.1.0 below 450 (up to order 44).
   */
  @Test
  void aRelaxedRulePublishesExactlyTheLettersThatNowPassOnceAndNoPlainValueIsPrinted() throws Exception {
    Path dir = Files.createTempDirectory("weft-redrive-");
    topics.create("shop.redrive-orders", 2);
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int i = 1; i <= 60; i++) {
      String start = "{\"order_id\": " + i + ", \"email\": \"buyer" + i + "@example.com\", \"amount\": ";
      orders.add(Map.entry(Integer.toString(i), i % 20 == 0 ? start : start + (i * 10) + ".00}"));
    }
    topics.produce("shop.redrive-orders", orders);
    ProductPlan v1 = Specs.compile(Specs.load("it/redrive-orders.yaml", Map.of("VERSION", "1.0.0", "LIMIT", "200")));
    RunningProduct streaming = STACK.stack().runner().start(v1, false, Optional.empty());
    Eventually.await(() -> tableOrders(v1).size() == 19 && letters(v1).size() == 41, "orders 1-19 in the table, 41 letters");
    Path v11 = dir.resolve("redrive-orders.yaml");
    Files.writeString(v11, Specs.text("it/redrive-orders.yaml", Map.of("VERSION", "1.1.0", "LIMIT", "450")));

    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run(redrive(v11, dir))).as(weft.err()).isEqualTo(1);
    assertThat(weft.err()).startsWith("cannot re-drive while the product runs: product orders.redrive-orders@1 is already running as Flink job "
        + streaming.jobId() + " in the weft process " + ProcessHandle.current().pid());
    // weft stop --savepoint: the product's next start restores it
    STACK.stack().runner().cluster().stopWithSavepoint(streaming.jobId(),
        STACK.stack().runner().checkpointDirectory(v1).resolve(streaming.jobId().toString()));
    STACK.stack().runner().cluster().awaitEnded(streaming.jobId(), Duration.ofMinutes(1));

    weft.clear();
    assertThat(weft.run(redrive(v11, dir, "--rule", "no-such-rule"))).as(weft.err()).isEqualTo(2);
    assertThat(weft.err()).isEqualTo("cannot re-drive: product orders.redrive-orders has no rule 'no-such-rule' and no dead letter that "
        + "broke one; rules of version 1.1.0 and of its letters: not-null:order_id, parse, real-email, small-amount\n");

    weft.clear();
    assertThat(weft.run(redrive(v11, dir, "--dry-run", "--rule", "small-amount"))).as(weft.err()).isEqualTo(0);
    assertThat(counts(weft.out())).containsExactlyInAnyOrderEntriesOf(Map.of("letters", 41L,
        "not selected (--rule small-amount)", 3L, "already re-driven", 0L, "without source", 0L, "source gone", 0L,
        "would pass", 23L, "still failing", 15L, "small-amount", 15L));
    assertThat(published(v1)).hasSize(19);

    weft.clear();
    assertThat(weft.run(redrive(v11, dir))).as(weft.err()).isEqualTo(0);
    assertThat(counts(weft.out())).containsExactlyInAnyOrderEntriesOf(Map.of("letters", 41L, "already re-driven", 0L,
        "without source", 0L, "source gone", 0L, "published", 23L, "still failing", 18L, "small-amount", 15L, "parse", 3L));
    assertThat(weft.out() + weft.err()).doesNotContain("@example.com").doesNotContain("buyer");

    List<Integer> passing = IntStream.rangeClosed(1, 44).filter(i -> i % 20 != 0).boxed().toList();
    Map<Integer, String> origins = origins("shop.redrive-orders");
    assertThat(published(v1)).isEqualTo(expected(passing, origins));
    assertThat(tableOrders(v1)).containsExactlyElementsOf(passing);
    Map<String, String> markers = markers(v1);
    assertThat(markers.keySet()).containsExactlyInAnyOrderElementsOf(
        IntStream.rangeClosed(21, 44).filter(i -> i != 40).mapToObj(origins::get).toList());
    String runId = markers.values().iterator().next();
    assertThat(weft.out()).contains("re-drive " + runId + " of orders.redrive-orders@1 with version 1.1.0");
    assertThat(letters(v1)).as("the letters stay; no letter is written again").hasSize(41);
    assertThat(redriveRuns(v1)).containsExactly(runId);

    weft.clear();
    assertThat(weft.run(redrive(v11, dir))).as(weft.err()).isEqualTo(0);
    assertThat(counts(weft.out())).containsEntry("already re-driven", 23L).containsEntry("published", 0L)
        .containsEntry("still failing", 18L);
    assertThat(published(v1)).isEqualTo(expected(passing, origins));
    assertThat(tableOrders(v1)).containsExactlyElementsOf(passing);

    // the product continues from its savepoint as before: the re-drive's snapshots do not move its position
    topics.produce("shop.redrive-orders", List.of(Map.entry("61", "{\"order_id\": 61, \"email\": \"b@example.com\", \"amount\": 5.00}")));
    ProductPlan v11Plan = Specs.compile(Specs.load("it/redrive-orders.yaml", Map.of("VERSION", "1.1.0", "LIMIT", "450")));
    STACK.stack().runner().start(v11Plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(2));
    List<Integer> withNew = new ArrayList<>(passing);
    withNew.add(61);
    assertThat(tableOrders(v1)).containsExactlyElementsOf(withNew);
    assertThat(publishedCount(v1)).isEqualTo(withNew.size());
  }

  /**
   * 2,000 letters, 1,000 of which pass the relaxed rule; a {@code weft redrive} process is killed with
   * SIGKILL as soon as it has committed to the table, and run again: every passing letter is published
   * once, in topic and table, with one marker.
   */
  @Test
  void aKilledRedriveRunAgainPublishesNothingTwice() throws Exception {
    Path dir = Files.createTempDirectory("weft-redrive-kill-");
    topics.create("shop.redrive-bulk", 2);
    int records = 4_000;
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int i = 1; i <= records; i++) {
      orders.add(Map.entry(Integer.toString(i), "{\"order_id\": " + i + ", \"amount\": " + (i % 200) + "}"));
    }
    topics.produce("shop.redrive-bulk", orders);
    ProductPlan v1 = Specs.compile(Specs.load("it/redrive-bulk.yaml", Map.of("VERSION", "1.0.0", "LIMIT", "100")));
    STACK.stack().runner().start(v1, true, Optional.empty()).awaitFinished(Duration.ofMinutes(2));
    // the ended run gives the product up as its job ends, so the weft process below may take it at once
    Eventually.await(() -> !leaseHeld(v1.versionedName()), "the ended run's writer lease given up");
    Path v11 = dir.resolve("redrive-bulk.yaml");
    Files.writeString(v11, Specs.text("it/redrive-bulk.yaml", Map.of("VERSION", "1.1.0", "LIMIT", "150")));

    long lettersEnd = committedEnd(v1.names().deadLetterTopic());
    WeftProcess killed = WeftProcess.start(dir, dir.resolve("killed.log"), List.of(), List.of(redrive(v11, dir)));
    try {
      // its first markers committed: the topic has its first records, the table may not yet
      long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
      while (killed.isAlive() && committedEnd(v1.names().deadLetterTopic()) == lettersEnd && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      killed.kill();
    }
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run(redrive(v11, dir))).as(weft.err() + " (killed run: " + dir.resolve("killed.log") + ")").isEqualTo(0);
    assertThat(weft.out()).as("the killed run's checkpoint is completed first").contains("completed first the re-drive killed earlier");

    List<Integer> passing = IntStream.rangeClosed(1, records).filter(i -> i % 200 >= 100 && i % 200 < 150).boxed().toList();
    Map<Integer, String> origins = origins("shop.redrive-bulk");
    Map<Integer, String> all = new TreeMap<>(expected(IntStream.rangeClosed(1, records).filter(i -> i % 200 < 100).boxed().toList(), origins));
    all.putAll(expected(passing, origins));
    assertThat(published(v1)).isEqualTo(all);
    assertThat(publishedCount(v1)).as("no record twice on the topic").isEqualTo(all.size());
    List<Integer> inTable = tableOrders(v1);
    assertThat(inTable).hasSize(all.size()).containsExactlyElementsOf(all.keySet());
    assertThat(markerCount(v1)).as("one marker per re-driven letter").isEqualTo(passing.size());
  }

  private static boolean leaseHeld(String product) {
    var catalog = STACK.stack().catalog();
    try (Connection connection = DriverManager.getConnection(catalog.jdbcUrl(), catalog.user(), catalog.password());
        PreparedStatement select = connection.prepareStatement("SELECT count(*) FROM weft_writer_leases WHERE product = ?")) {
      select.setString(1, product);
      try (ResultSet rows = select.executeQuery()) {
        rows.next();
        return rows.getLong(1) > 0;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot read the writer leases: " + e.getMessage(), e);
    }
  }

  /** Where the topic's committed records end, summed over its partitions. */
  private static long committedEnd(String topic) throws Exception {
    var admin = STACK.stack().runner().admin();
    Map<org.apache.kafka.common.TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> partitions = new HashMap<>();
    admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .forEach(p -> partitions.put(new org.apache.kafka.common.TopicPartition(topic, p.partition()), org.apache.kafka.clients.admin.OffsetSpec.latest()));
    return admin.listOffsets(partitions, new org.apache.kafka.clients.admin.ListOffsetsOptions(org.apache.kafka.common.IsolationLevel.READ_COMMITTED))
        .all().get().values().stream().mapToLong(o -> o.offset()).sum();
  }

  private String[] redrive(Path spec, Path dir, String... more) {
    List<String> args = new ArrayList<>(List.of("redrive", spec.toString(), "--work-dir", dir.resolve("work").toString(),
        "--checkpoint-interval", "1s"));
    args.addAll(List.of(more));
    return STACK.withServiceFlags(args.toArray(String[]::new));
  }

  /** The count lines of the command's output: label → count. */
  private static Map<String, Long> counts(String out) {
    Map<String, Long> counts = new HashMap<>();
    out.lines().filter(l -> l.matches("\\s+[^:]+:\\s+\\d+")).forEach(l -> {
      String[] parts = l.trim().split(":\\s+");
      counts.put(parts[0].trim(), Long.parseLong(parts[1]));
    });
    return counts;
  }

  /** Per order id, the origin (weft-origin header) of its record on the product topic. */
  private Map<Integer, String> published(ProductPlan plan) throws Exception {
    Map<Integer, String> published = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : topics.readAll(plan.names().topic())) {
      published.put(JSON.readTree(record.value()).get("order_id").asInt(), new String(record.headers().lastHeader("weft-origin").value(), UTF_8));
    }
    return published;
  }

  private long publishedCount(ProductPlan plan) {
    return topics.readAll(plan.names().topic()).size();
  }

  /** Where each order was read from on the input topic. */
  private Map<Integer, String> origins(String topic) throws Exception {
    Map<Integer, String> origins = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : topics.readAll(topic)) {
      origins.put(Integer.parseInt(Topics.key(record)), topic + "/" + record.partition() + "@" + record.offset());
    }
    return origins;
  }

  private static Map<Integer, String> expected(List<Integer> orders, Map<Integer, String> origins) {
    Map<Integer, String> expected = new TreeMap<>();
    orders.forEach(order -> expected.put(order, origins.get(order)));
    return expected;
  }

  private List<Integer> tableOrders(ProductPlan plan) {
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    return Tables.readAll(table).stream().map(r -> ((Long) r.getField("order_id")).intValue()).sorted().toList();
  }

  private List<ConsumerRecord<byte[], byte[]>> letters(ProductPlan plan) {
    return topics.readAll(plan.names().deadLetterTopic()).stream().filter(r -> !RedriveMarkers.isMarker(r.value())).toList();
  }

  /** Per letter key, the run its marker names. */
  private Map<String, String> markers(ProductPlan plan) throws Exception {
    Map<String, String> markers = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : topics.readAll(plan.names().deadLetterTopic())) {
      if (RedriveMarkers.isMarker(record.value())) {
        JsonNode marker = JSON.readTree(record.value());
        assertThat(Topics.key(record)).isEqualTo(marker.get("letter").asText());
        assertThat(new String(record.headers().lastHeader(RedriveMarkers.HEADER).value(), UTF_8)).isEqualTo(marker.get("redrivenBy").asText());
        markers.put(Topics.key(record), marker.get("redrivenBy").asText());
      }
    }
    return markers;
  }

  private long markerCount(ProductPlan plan) {
    return topics.readAll(plan.names().deadLetterTopic()).stream().filter(r -> RedriveMarkers.isMarker(r.value())).count();
  }

  private List<String> redriveRuns(ProductPlan plan) {
    return redriveRuns(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan)));
  }

  /** The distinct re-drive runs that committed to the table, oldest first. */
  private static List<String> redriveRuns(Table table) {
    table.refresh();
    return StreamSupport.stream(table.snapshots().spliterator(), false)
        .map(s -> s.summary().get(ProductSnapshot.REDRIVE_RUN_ID)).filter(java.util.Objects::nonNull).distinct().toList();
  }
}
