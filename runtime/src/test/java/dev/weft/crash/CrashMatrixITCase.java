package dev.weft.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.jobs.sink.ProductRecordSerializer;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import dev.weft.verify.Difference;
import dev.weft.verify.TopicTableVerifier;
import dev.weft.verify.Verification;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The crash matrix: {@code weft run} in a JVM of its own, killed with SIGKILL at random moments
 * (while it processes, between a checkpoint's Kafka commit and its Iceberg commit, during a
 * catch-up run), restarted alternately streaming and {@code --until-idle}, while the input grows.
 * Three products run in that process: crash-tiers (upsert, keys that change many times),
 * crash-ledger (append) over the same 3-partition input, and crash-even-tiers, a product over
 * crash-tiers that runs at the same time. After a last {@code --until-idle} run, every topic
 * (read_committed), every table and the expected model are equal exactly, the dead-letter topics hold
 * exactly the invalid records, no input record is published twice, and {@code weft verify} agrees.
 *
 * <p>{@code -Dweft.crash.seed=N} repeats a run; {@code -Dweft.crash.kills=N} and
 * {@code -Dweft.crash.records=N} make a larger one.
 */
class CrashMatrixITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long SEED = Long.getLong("weft.crash.seed", new Random().nextLong());
  private static final int KILLS = Integer.getInteger("weft.crash.kills", 10);
  private static final int RECORDS = Integer.getInteger("weft.crash.records", 21_000);
  private static final int KEYS = 1_500;
  private static final String RUNNING = "products are running";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  /** When a run of the product process is killed. */
  private enum Moment {
    /** at a random moment while it streams */
    PROCESSING,
    /** as soon as a checkpoint's Kafka transaction is committed and its Iceberg snapshot is not */
    BETWEEN_COMMITS,
    /** as BETWEEN_COMMITS, once the source has also committed the checkpoint's offsets to the consumer group */
    BETWEEN_COMMITS_AFTER_GROUP_OFFSETS,
    /** at a random moment of an --until-idle run, while one of the products catches up */
    CATCH_UP
  }

  @Test
  void killNineAtRandomMomentsNeitherLosesNorDuplicatesAnything() throws Exception {
    String seed = "seed " + SEED + " (repeat with -Dweft.crash.seed=" + SEED + ")";
    System.out.println("CrashMatrixITCase " + seed + ", " + KILLS + " kills, " + RECORDS + " records");
    Random random = new Random(SEED);
    Path dir = Files.createTempDirectory("weft-crash-");
    List<Path> specs = writeSpecs(dir, "crash-tiers", "crash-even-tiers", "crash-ledger");
    Map<String, ProductPlan> plans = new TreeMap<>();
    ProductSet.compile(specs).plans().forEach(p -> plans.put(p.product(), p));
    ProductPlan tiers = plans.get("crash.crash-tiers");
    ProductPlan evenTiers = plans.get("crash.crash-even-tiers");
    ProductPlan ledger = plans.get("crash.crash-ledger");
    Properties kafka = STACK.stack().kafka().clientProperties();
    new Topics(kafka).create(AccountChanges.TOPIC, AccountChanges.PARTITIONS);
    AccountChanges changes = new AccountChanges(new Random(random.nextLong()), KEYS);
    TopicTableVerifier verifier = new TopicTableVerifier(kafka, STACK.stack().runner().catalog());
    List<String> runArgs = new ArrayList<>(List.of(STACK.withServiceFlags("run",
        specs.get(0).toString(), specs.get(1).toString(), specs.get(2).toString(),
        "--work-dir", dir.resolve("work").toString(), "--checkpoint-interval", "1s")));

    List<String> disagreements = new ArrayList<>();
    ExecutorService producer = Executors.newSingleThreadExecutor();
    int chunk = (RECORDS + KILLS - 1) / KILLS;
    int requested = 0;
    Future<?> producing = CompletableFuture.completedFuture(null);
    int kills = 0;
    long started = System.nanoTime();
    try {
      for (int run = 0; kills < KILLS || requested < RECORDS; run++) {
        if (producing.isDone() && requested < RECORDS) {
          producing.get();
          int count = Math.min(chunk, RECORDS - requested);
          requested += count;
          // the input grows while the product runs: a slice every few hundred milliseconds
          producing = producer.submit(() -> {
            for (int slice = 0; slice < 5; slice++) {
              changes.produce(kafka, count / 5 + (slice == 4 ? count % 5 : 0));
              Thread.sleep(300);
            }
            return null;
          });
        }
        boolean untilIdle = run % 2 == 1;
        Moment moment = untilIdle ? Moment.CATCH_UP
            : List.of(Moment.PROCESSING, Moment.BETWEEN_COMMITS, Moment.BETWEEN_COMMITS_AFTER_GROUP_OFFSETS).get((run / 2) % 3);
        List<String> args = new ArrayList<>(runArgs);
        if (untilIdle) {
          args.add("--until-idle");
        }
        long runStart = System.nanoTime();
        List<String> markers = new ArrayList<>(List.of(RUNNING));
        plans.keySet().forEach(product -> markers.add(draining(product)));
        WeftProcess weft = WeftProcess.start(dir, dir.resolve("run-" + run + ".log"), markers, args);
        // each product's turn comes: the append one most often, it shows every lost row
        ProductPlan target = List.of(ledger, tiers, ledger, evenTiers).get(random.nextInt(4));
        String what = attack(weft, moment, random, target, kafka);
        if (what.startsWith("killed")) {
          kills++;
        }
        System.out.println("run " + run + (untilIdle ? " --until-idle" : " streaming") + ": " + what + " after "
            + Duration.ofNanos(System.nanoTime() - runStart).toMillis() + " ms, " + changes.count() + " records produced"
            + verifyAfter("run " + run + " (" + what + ")", verifier, List.of(tiers, ledger, evenTiers), disagreements));
      }
      producing.get();
    } finally {
      producer.shutdownNow();
    }
    assertThat(changes.count()).as("%s: input records produced", seed).isEqualTo(RECORDS);

    // the final drain: everything the input holds, committed to every output
    List<String> drain = new ArrayList<>(runArgs);
    drain.add("--until-idle");
    WeftProcess last = WeftProcess.start(dir, dir.resolve("final.log"), List.of(), drain);
    assertThat(last.awaitExit(Duration.ofMinutes(3))).as("%s: the final --until-idle run's exit code (see %s)", seed, dir.resolve("final.log"))
        .isEqualTo(0);
    System.out.println("CrashMatrixITCase: " + kills + " kills and the final drain took "
        + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");

    // every check is made and reported together: which outputs are wrong, and how, tells what went wrong
    SoftAssertions softly = new SoftAssertions();
    Topics topics = new Topics(kafka);
    checkUpsertProduct(softly, seed, topics, tiers, changes);
    checkAppendProduct(softly, seed, topics, ledger, changes);
    checkProductOverProduct(softly, seed, topics, evenTiers, tiers, changes);
    WeftCommandLine weft = new WeftCommandLine();
    int verified = weft.run(STACK.withServiceFlags("verify", specs.get(0).toString(), specs.get(1).toString(), specs.get(2).toString()));
    softly.assertThat(verified).as("%s: weft verify after the final drain:\n%s%s", seed, weft.out(), weft.err()).isEqualTo(0);
    softly.assertThat(disagreements).as("%s: weft verify after each run (the topic may be ahead of the table, never apart)", seed).isEmpty();
    softly.assertAll();
  }

  /** crash-tiers: every valid input record once on the topic, the latest per key in the table, the invalid ones as dead letters. */
  private static void checkUpsertProduct(SoftAssertions softly, String seed, Topics topics, ProductPlan tiers, AccountChanges changes) {
    Map<String, List<String>> topic = byOrigin(topics.readAll(tiers.names().topic()));
    softly.assertThat(describe(once(topic), changes.validByOrigin())).as("%s: crash-tiers topic against the model", seed).isEmpty();
    softly.assertThat(twice(topic)).as("%s: crash-tiers input records published more than once", seed).isEmpty();
    Map<Long, String> latest = changes.latestValidById();
    softly.assertThat(describe(latestPerKey(topics.readAll(tiers.names().topic())), latest)).as("%s: crash-tiers topic's latest row per key", seed)
        .isEmpty();
    softly.assertThat(describe(tableById(tiers, softly), latest)).as("%s: crash-tiers table against the model", seed).isEmpty();
    softly.assertThat(describe(AccountChanges.counts(deadLetterOrigins(topics, tiers)), AccountChanges.counts(changes.invalidOrigins())))
        .as("%s: crash-tiers dead letters (origin → count) against the invalid records", seed).isEmpty();
  }

  /** crash-ledger: every valid input record once on the topic and once in the table, the invalid ones as dead letters. */
  private static void checkAppendProduct(SoftAssertions softly, String seed, Topics topics, ProductPlan ledger, AccountChanges changes) {
    Map<String, List<String>> topic = byOrigin(topics.readAll(ledger.names().topic()));
    softly.assertThat(describe(once(topic), changes.validByOrigin())).as("%s: crash-ledger topic against the model", seed).isEmpty();
    softly.assertThat(twice(topic)).as("%s: crash-ledger input records published more than once", seed).isEmpty();
    softly.assertThat(describe(AccountChanges.counts(tableRows(ledger)), AccountChanges.counts(changes.validRows())))
        .as("%s: crash-ledger table rows (row → count) against the model", seed).isEmpty();
    softly.assertThat(describe(AccountChanges.counts(deadLetterOrigins(topics, ledger)), AccountChanges.counts(changes.invalidOrigins())))
        .as("%s: crash-ledger dead letters (origin → count) against the invalid records", seed).isEmpty();
  }

  /**
   * crash-even-tiers, over crash-tiers: each even-id record of crash-tiers' topic once on its topic,
   * the latest per key of the model's even ids in its table, no dead letters.
   */
  private static void checkProductOverProduct(SoftAssertions softly, String seed, Topics topics, ProductPlan evenTiers, ProductPlan tiers,
      AccountChanges changes) {
    Map<String, String> expected = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : topics.readAll(tiers.names().topic())) {
      if (record.value() != null && json(new String(record.value(), UTF_8)).get("id").asLong() % 2 == 0) {
        expected.put(tiers.names().topic() + "/" + record.partition() + "@" + record.offset(), withoutAmount(new String(record.value(), UTF_8)));
      }
    }
    Map<String, List<String>> topic = byOrigin(topics.readAll(evenTiers.names().topic()));
    softly.assertThat(describe(once(topic), expected)).as("%s: crash-even-tiers topic against crash-tiers' topic", seed).isEmpty();
    softly.assertThat(twice(topic)).as("%s: crash-even-tiers input records published more than once", seed).isEmpty();
    Map<Long, String> latest = new TreeMap<>();
    changes.latestValidById().forEach((id, row) -> {
      if (id % 2 == 0) {
        latest.put(id, withoutAmount(row));
      }
    });
    softly.assertThat(describe(tableById(evenTiers, softly), latest)).as("%s: crash-even-tiers table against the model", seed).isEmpty();
    softly.assertThat(describe(latestPerKey(topics.readAll(evenTiers.names().topic())), latest))
        .as("%s: crash-even-tiers topic's latest row per key", seed).isEmpty();
    softly.assertThat(deadLetterOrigins(topics, evenTiers)).as("%s: crash-even-tiers dead letters", seed).isEmpty();
  }

  /** A crash-tiers row as crash-even-tiers publishes it. */
  private static String withoutAmount(String tiersRow) {
    var row = json(tiersRow);
    return "{\"id\":" + row.get("id") + ",\"seq\":" + row.get("seq") + ",\"tier\":" + row.get("tier") + "}";
  }

  /** The test's specs, where the product process reads them. */
  static List<Path> writeSpecs(Path dir, String... names) throws java.io.IOException {
    List<Path> specs = new ArrayList<>();
    for (String name : names) {
      Path spec = dir.resolve(name + ".yaml");
      try (InputStream in = CrashMatrixITCase.class.getResourceAsStream("/specs/crash/" + name + ".yaml")) {
        Files.write(spec, in.readAllBytes());
      }
      specs.add(spec);
    }
    return specs;
  }

  /**
   * {@code weft verify}'s check of each product, right after a run ended: the topic may be ahead of
   * the table, never apart. Adds what disagrees to {@code disagreements}; returns a summary.
   */
  private static String verifyAfter(String run, TopicTableVerifier verifier, List<ProductPlan> products, List<String> disagreements) {
    StringBuilder summary = new StringBuilder();
    for (ProductPlan plan : products) {
      Verification v = verifier.verify(plan);
      summary.append("; ").append(plan.product().substring("crash.".length()))
          .append(v.agrees() ? " agrees" : " DISAGREES (" + v.differences().size() + ")")
          .append(v.beyondPosition() > 0 ? ", topic " + v.beyondPosition() + " ahead" : "");
      if (!v.agrees()) {
        disagreements.add("after " + run + ": " + plan.product() + ": "
            + v.differences().stream().limit(5).map(Difference::describe).toList() + " … " + v.differences().size() + " in all");
      }
    }
    return summary.toString();
  }

  /**
   * Lets the run go on until the moment, then kills it; returns what happened. A catch-up run that
   * drains its input before its moment ends by itself.
   */
  private static String attack(WeftProcess weft, Moment moment, Random random, ProductPlan target, Properties kafka) throws Exception {
    if (moment == Moment.CATCH_UP) {
      long delay = 200 + random.nextInt(3_000);
      if (!weft.awaitOutput(draining(target.product()), START_TIMEOUT)) {
        return endedBy(weft, "ended before " + target.product() + " started draining");
      }
      Thread.sleep(delay);
      if (!weft.isAlive()) {
        return endedBy(weft, "drained before the kill at " + delay + " ms into " + target.product());
      }
      weft.kill();
      return "killed during catch-up, " + delay + " ms into " + target.product();
    }
    if (!weft.awaitOutput(RUNNING, START_TIMEOUT)) {
      return endedBy(weft, "never got to streaming");
    }
    if (moment == Moment.PROCESSING) {
      long delay = 500 + random.nextInt(4_000);
      Thread.sleep(delay);
      weft.kill();
      return "killed while processing, " + delay + " ms in";
    }
    Thread.sleep(random.nextInt(2_000));
    String caught = awaitKafkaCommitBeforeTableCommit(target, kafka, moment == Moment.BETWEEN_COMMITS_AFTER_GROUP_OFFSETS,
        Duration.ofSeconds(15));
    weft.kill();
    return caught;
  }

  private static String draining(String product) {
    return "running " + product + " until its inputs are drained";
  }

  private static String endedBy(WeftProcess weft, String what) throws InterruptedException {
    Integer exit = weft.awaitExit(Duration.ofMinutes(3));
    if (exit == null) {
      weft.kill();
      return what + ", then hung and was killed";
    }
    return what + " (exit code " + exit + ")";
  }

  /**
   * Watches the product's topic (its last stable offsets: a Kafka commit moves them) and its table
   * (a snapshot per Iceberg commit): returns as soon as the topic has committed a checkpoint that the
   * table has not (and, with {@code groupOffsets}, the product's consumer group has committed that
   * checkpoint's input offsets too), or when the time is up.
   */
  private static String awaitKafkaCommitBeforeTableCommit(ProductPlan plan, Properties kafka, boolean groupOffsets, Duration timeout)
      throws Exception {
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_committed");
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions = consumer.partitionsFor(plan.names().topic()).stream()
          .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
      long committed = stableEnd(consumer, partitions);
      long group = groupOffsets(plan);
      Long snapshot = snapshotId(table);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        long now = stableEnd(consumer, partitions);
        if (now == committed) {
          group = groupOffsets ? groupOffsets(plan) : group;
          continue;
        }
        Long current = snapshotId(table);
        if (!java.util.Objects.equals(current, snapshot)) {
          committed = now;
          snapshot = current;
          group = groupOffsets ? groupOffsets(plan) : group;
          continue;
        }
        if (!groupOffsets) {
          return "killed between commits of " + plan.product() + " (" + (now - committed) + " topic offsets committed, no table commit yet)";
        }
        // the Kafka transaction is committed and the table commit is not: wait for the source's offsets, as long as the table waits
        long waitUntil = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (System.nanoTime() < waitUntil && java.util.Objects.equals(snapshotId(table), snapshot)) {
          if (groupOffsets(plan) != group) {
            return "killed between commits of " + plan.product() + " after its group offsets moved (" + (now - committed)
                + " topic offsets committed, no table commit yet)";
          }
        }
        committed = stableEnd(consumer, partitions);
        snapshot = snapshotId(table);
        group = groupOffsets(plan);
      }
      return "killed while processing (no Kafka commit ahead of " + plan.product() + "'s table commit seen within "
          + timeout.toSeconds() + " s)";
    }
  }

  private static Long snapshotId(Table table) {
    table.refresh();
    return table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
  }

  /** The sum of the offsets the product's consumer group has committed. */
  private static long groupOffsets(ProductPlan plan) throws Exception {
    return STACK.stack().runner().admin().listConsumerGroupOffsets(plan.names().consumerGroup()).partitionsToOffsetAndMetadata().get()
        .values().stream().filter(java.util.Objects::nonNull).mapToLong(o -> o.offset()).sum();
  }

  private static long stableEnd(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
  }

  /** Topic records by origin ({@code partition\0offset} keys are origins with the input topic left out): each row as often as published. */
  private static Map<String, List<String>> byOrigin(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<String, List<String>> rows = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      Header origin = record.headers().lastHeader(ProductRecordSerializer.ORIGIN_HEADER);
      String key = origin == null ? "(no origin) " + record.partition() + "@" + record.offset() : new String(origin.value(), UTF_8);
      // the origin's topic, then NUL, then partition@offset, so that downstream origins can be built from it
      int slash = key.lastIndexOf('/');
      String keyed = slash < 0 ? key : key.substring(0, slash) + "\u0000" + key.substring(slash + 1);
      rows.computeIfAbsent(keyed, k -> new ArrayList<>()).add(record.value() == null ? null : json(new String(record.value(), UTF_8)).toString());
    }
    return rows;
  }

  private static Map<String, String> once(Map<String, List<String>> byOrigin) {
    Map<String, String> once = new TreeMap<>();
    byOrigin.forEach((origin, rows) -> once.put(origin.replace('\u0000', '/'), rows.get(0)));
    return once;
  }

  /** The input records published more than once: how many, and the first few. */
  private static String twice(Map<String, List<String>> byOrigin) {
    List<String> twice = byOrigin.entrySet().stream().filter(e -> e.getValue().size() > 1)
        .map(e -> e.getKey().replace('\u0000', '/') + " ×" + e.getValue().size()).toList();
    return twice.isEmpty() ? "" : twice.size() + " input records published more than once, e.g. " + twice.stream().limit(10).toList();
  }

  private static Map<Long, String> latestPerKey(List<ConsumerRecord<byte[], byte[]>> records) {
    Map<Long, String> latest = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      long id = json(new String(record.key(), UTF_8)).get("id").asLong();
      if (record.value() == null) {
        latest.remove(id);
      } else {
        latest.put(id, json(new String(record.value(), UTF_8)).toString());
      }
    }
    return latest;
  }

  private static Map<Long, String> tableById(ProductPlan plan, SoftAssertions softly) {
    Map<Long, String> rows = new TreeMap<>();
    List<String> duplicates = new ArrayList<>();
    for (String row : tableRows(plan)) {
      long id = json(row).get("id").asLong();
      if (rows.put(id, row) != null) {
        duplicates.add(row);
      }
    }
    softly.assertThat(duplicates).as("seed %d: keys the table %s holds twice", SEED, plan.names().qualifiedTable()).isEmpty();
    return rows;
  }

  /** The table's rows as the topic's JSON would write them. */
  private static List<String> tableRows(ProductPlan plan) {
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    List<String> rows = new ArrayList<>();
    for (Record r : Tables.readAll(table)) {
      var row = JSON.createObjectNode();
      for (var field : table.schema().columns()) {
        Object value = r.getField(field.name());
        if (value instanceof Long l) {
          row.put(field.name(), l);
        } else {
          row.put(field.name(), value == null ? null : value.toString());
        }
      }
      rows.add(json(row.toString()).toString());
    }
    rows.sort(null);
    return rows;
  }

  /** The origins of a product's dead letters (their keys), in order, each as often as it was dead-lettered. */
  private static List<String> deadLetterOrigins(Topics topics, ProductPlan plan) {
    return topics.readAll(plan.names().deadLetterTopic()).stream().map(Topics::key).sorted().toList();
  }

  /** Empty when equal; else how many entries are missing, unexpected or different, with the first few of each. */
  private static <K, V> String describe(Map<K, V> actual, Map<K, V> expected) {
    List<String> missing = new ArrayList<>();
    List<String> unexpected = new ArrayList<>();
    List<String> different = new ArrayList<>();
    expected.forEach((k, v) -> {
      if (!actual.containsKey(k)) {
        missing.add(k + "=" + v);
      } else if (!java.util.Objects.equals(actual.get(k), v)) {
        different.add(k + ": " + actual.get(k) + " instead of " + v);
      }
    });
    actual.forEach((k, v) -> {
      if (!expected.containsKey(k)) {
        unexpected.add(k + "=" + v);
      }
    });
    if (missing.isEmpty() && unexpected.isEmpty() && different.isEmpty()) {
      return "";
    }
    return missing.size() + " missing " + missing.stream().limit(5).toList() + ", " + unexpected.size() + " unexpected "
        + unexpected.stream().limit(5).toList() + ", " + different.size() + " different " + different.stream().limit(5).toList()
        + " (of " + expected.size() + " expected)";
  }

  private static com.fasterxml.jackson.databind.JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
