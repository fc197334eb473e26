package dev.weft.benchmarks;

import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.dev.DevStack;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.spec.SpecLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.cdc.debezium.table.DebeziumChangelogMode;
import org.apache.flink.cdc.debezium.table.RowDataDebeziumDeserializeSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.DoubleType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A CDC product against the raw Flink CDC source with a discarding sink, in the same process on
 * the same embedded PostgreSQL: snapshot rows/s of a 10-column table, streaming changes/s, and the
 * latency from a commit in the database to the row being seen (for Weft: readable on the
 * product's topic with read_committed; for the baseline: reaching its sink). The same figures for
 * {@link HandWrittenCdcJob}, the same work with the same two exactly-once outputs written by hand
 * with Flink CDC (its latency: readable on its topic); its snapshot is checked to be exactly the
 * source's rows in its table and topic.
 *
 * <p>The physical limit is measured too: the same rows read by a plain JDBC {@code SELECT} and by
 * {@code COPY … TO STDOUT}.
 *
 * <p>Run with {@code benchmarks/run-cdc.sh [rows] [changes]}, or {@code benchmarks/run-cdc.sh
 * --parallel-snapshot [rows]} for Weft's snapshot at parallelism 1 and 2, each checked for exactly
 * the source's rows in table and topic.
 */
public final class CdcBenchmark {
  static final RowType ROW = RowType.of(
      new LogicalType[] {new BigIntType(false), VarCharType.STRING_TYPE, VarCharType.STRING_TYPE, VarCharType.STRING_TYPE,
          new DecimalType(12, 2), new DecimalType(12, 2), new IntType(), new DoubleType(), new BooleanType(), new LocalZonedTimestampType(3)},
      new String[] {"id", "customer", "email", "country", "amount", "fee", "quantity", "score", "active", "sent_at"});
  private static final int LATENCY_ROWS = 300;
  /** The ids of the latency rows start here. */
  private static final long LATENCY_IDS = 10_000_000_000L;
  /** When the current round's latency rows began to be inserted (this JVM's clock, as PostgreSQL's here). */
  static volatile long LATENCY_SINCE;
  private static final Duration LATENCY_PAUSE = Duration.ofMillis(50);
  private static final String HAND_SNAPSHOT_TOPIC = "bench.cdc-hand-snapshot";
  private static final String HAND_STREAM_TOPIC = "bench.cdc-hand-stream";

  /** Records the baseline's sink saw, and the latencies of the marked rows (id above the latency threshold). */
  static final AtomicLong SEEN = new AtomicLong();
  static final ConcurrentLinkedQueue<Long> BASELINE_LATENCIES = new ConcurrentLinkedQueue<>();

  private static int chunkRows;

  private CdcBenchmark() {}

  public static void main(String[] args) throws Exception {
    boolean parallel = args.length > 0 && args[0].equals("--parallel-snapshot");
    if (parallel) {
      args = java.util.Arrays.copyOfRange(args, 1, args.length);
    }
    int rows = args.length > 0 ? Integer.parseInt(args[0]) : parallel ? 1_000_000 : 500_000;
    int changes = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
    Configuration options = new Configuration();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-cdc-").toString());
    Optional.ofNullable(Integer.getInteger(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS.key())).ifPresent(n -> options.set(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS, n));
    chunkRows = options.get(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS);
    System.out.printf(Locale.ROOT, "snapshot chunks of %,d rows%n", chunkRows);
    try (DevStack stack = DevStack.start(options)) {
      String url = stack.postgres().database("bench");
      createTable(url, rows);
      if (parallel) {
        ParallelSnapshot.run(stack, url, rows, plan(url, "bench-cdc-p1"), plan(url, "bench-cdc-p2"));
        System.exit(0);
      }
      PostgresTable table = new PostgresTable("localhost", java.net.URI.create(url.substring(5)).getPort(), "bench", "public",
          "bench_cdc", "postgres", "embedded", "bench_baseline");

      PhysicalReads physical = PhysicalReads.measure(url, rows);
      System.out.printf(Locale.ROOT, "physical: JDBC SELECT %,.0f rows/s, COPY TO STDOUT %,.0f rows/s%n", physical.select(), physical.copy());
      // every pipeline runs once per round, in a rotated order, each round on fresh tables, topics and slots:
      // the first round pays for the JIT compiling what each pipeline runs (a third of this JVM's CPU in the first
      // round, async-profiler), so later rounds compare the pipelines warm, as they run in production
      int rounds = Integer.getInteger("weft.bench.rounds", 3);
      Map<String, List<double[]>> snapshots = new java.util.LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        List<String> order = new ArrayList<>(List.of("raw", "weft", "hand-written"));
        java.util.Collections.rotate(order, round - 1);
        for (String pipeline : order) {
          long cpu = processCpuNanos();
          double seconds = switch (pipeline) {
            case "raw" -> baselineSnapshot(stack, options, table, round);
            case "weft" -> weftSnapshot(stack, url, round);
            default -> handWrittenSnapshot(stack, options, table, round);
          };
          double cpuPerThousand = (processCpuNanos() - cpu) / 1e6 / rows * 1000;
          if (pipeline.equals("hand-written")) {
            checkHandWrittenSnapshot(stack, rows, round);
          }
          snapshots.computeIfAbsent(pipeline, p -> new ArrayList<>()).add(new double[] {rows / seconds, cpuPerThousand});
          System.out.printf(Locale.ROOT, "snapshot round %d: %s %,.0f rows/s, CPU %.0f ms per 1,000 rows%n", round, pipeline, rows / seconds,
              cpuPerThousand);
        }
      }
      // the best warm round of each: rounds after the first, or the only one
      double[] baselineBest = best(snapshots.get("raw"));
      double[] weftBest = best(snapshots.get("weft"));
      double[] handBest = best(snapshots.get("hand-written"));
      double baselineSnapshot = baselineBest[0];
      double weftSnapshot = weftBest[0];
      double handSnapshot = handBest[0];
      double baselineCpu = baselineBest[1];
      double weftCpu = weftBest[1];
      double handCpu = handBest[1];
      System.out.printf(Locale.ROOT, "snapshot, best of rounds 2-%d: raw CDC source %,.0f rows/s, weft %,.0f rows/s, ratio %.2f; "
              + "weft / JDBC SELECT %.2f%n",
          rounds, baselineSnapshot, weftSnapshot, weftSnapshot / baselineSnapshot, weftSnapshot / physical.select());
      System.out.printf(Locale.ROOT, "snapshot: hand-written Flink CDC job %,.0f rows/s, weft / hand-written %.2f, weft / raw %.2f%n",
          handSnapshot, weftSnapshot / handSnapshot, weftSnapshot / baselineSnapshot);
      System.out.printf(Locale.ROOT, "snapshot CPU of this process (all threads, the embedded Kafka broker's too) per 1,000 rows: "
          + "raw CDC source %.0f ms, weft %.0f ms, ratio %.2f%n", baselineCpu, weftCpu, baselineCpu / weftCpu);
      System.out.printf(Locale.ROOT, "snapshot CPU per 1,000 rows: hand-written %.0f ms, weft %.0f ms, hand-written / weft %.2f%n",
          handCpu, weftCpu, handCpu / weftCpu);

      Map<String, List<Measured>> streams = new java.util.LinkedHashMap<>();
      for (int round = 1; round <= rounds; round++) {
        List<String> order = new ArrayList<>(List.of("raw", "weft", "hand-written"));
        java.util.Collections.rotate(order, round - 1);
        for (String pipeline : order) {
          Measured measured = switch (pipeline) {
            case "raw" -> baselineStreaming(stack, options, table, url, rowCount(url), changes, round);
            case "weft" -> weftStreaming(stack, url, rowCount(url), changes, round);
            default -> handWrittenStreaming(stack, options, table, url, rowCount(url), changes, round);
          };
          streams.computeIfAbsent(pipeline, p -> new ArrayList<>()).add(measured);
          System.out.printf(Locale.ROOT, "streaming round %d: %s %,.0f changes/s, latency p50 %d ms p99 %d ms%n", round, pipeline,
              measured.changesPerSecond, measured.p50, measured.p99);
        }
      }
      Measured baseline = bestStream(streams.get("raw"));
      Measured weft = bestStream(streams.get("weft"));
      Measured hand = bestStream(streams.get("hand-written"));
      System.out.printf(Locale.ROOT, "streaming, best of rounds 2-%d:%n", rounds);
      System.out.printf(Locale.ROOT, "streaming: raw CDC source %,.0f changes/s, weft %,.0f changes/s, ratio %.2f%n",
          baseline.changesPerSecond, weft.changesPerSecond, weft.changesPerSecond / baseline.changesPerSecond);
      System.out.printf(Locale.ROOT, "streaming: hand-written Flink CDC job %,.0f changes/s, weft / hand-written %.2f, weft / raw %.2f%n",
          hand.changesPerSecond, weft.changesPerSecond / hand.changesPerSecond, weft.changesPerSecond / baseline.changesPerSecond);
      System.out.printf(Locale.ROOT, "latency commit -> seen: raw CDC source p50 %d ms p99 %d ms; weft (readable on the topic) "
              + "p50 %d ms p99 %d ms, with 2 s checkpoints%n",
          baseline.p50, baseline.p99, weft.p50, weft.p99);
      System.out.printf(Locale.ROOT, "latency commit -> readable on the topic: hand-written p50 %d ms p99 %d ms, weft p50 %d ms p99 %d ms, "
          + "with 2 s checkpoints%n", hand.p50, hand.p99, weft.p50, weft.p99);
    }
    System.exit(0);
  }

  /** The benchmark's table of {@code rows} rows of 10 columns. */
  private static void createTable(String url, int rows) throws Exception {
    try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement sql = db.createStatement()) {
      sql.execute("CREATE TABLE bench_cdc (id BIGINT PRIMARY KEY, customer TEXT, email TEXT, country TEXT, amount NUMERIC(12,2), "
          + "fee NUMERIC(12,2), quantity INT, score DOUBLE PRECISION, active BOOLEAN, sent_at TIMESTAMPTZ NOT NULL)");
      sql.execute("ALTER TABLE bench_cdc REPLICA IDENTITY FULL");
      long start = System.nanoTime();
      sql.execute("INSERT INTO bench_cdc SELECT i, 'customer-' || (i % 5000), 'User' || i || '@Example.com', "
          + "(ARRAY['DE','FR','GB','NL'])[1 + i % 4], (i % 100000) / 100.0, (i % 500) / 100.0, i % 7, i / 3.0, i % 2 = 0, now() "
          + "FROM generate_series(1, " + rows + ") i");
      System.out.printf(Locale.ROOT, "inserted %,d rows of 10 columns in %.1f s%n", rows, seconds(start));
    }
  }

  /**
   * CPU time this JVM has used, all threads: on a shared machine less noisy than rows per second,
   * which wait for the cores other processes hold.
   */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Rows in the table now: what a streaming job's snapshot reads first. */
  private static int rowCount(String url) throws Exception {
    try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement sql = db.createStatement();
        var count = sql.executeQuery("SELECT count(*) FROM bench_cdc")) {
      count.next();
      return count.getInt(1);
    }
  }

  /** The round's fastest rows/s with its CPU: of the rounds after the first, or the first when it is the only one. */
  private static double[] best(List<double[]> rounds) {
    return rounds.subList(rounds.size() > 1 ? 1 : 0, rounds.size()).stream().max(java.util.Comparator.comparingDouble(r -> r[0])).orElseThrow();
  }

  /** The fastest warm round, as {@link #best}. */
  private static Measured bestStream(List<Measured> rounds) {
    return rounds.subList(rounds.size() > 1 ? 1 : 0, rounds.size()).stream()
        .max(java.util.Comparator.comparingDouble(Measured::changesPerSecond)).orElseThrow();
  }

  private static double baselineSnapshot(DevStack stack, Configuration options, PostgresTable table, int round) throws Exception {
    StreamExecutionEnvironment env = environment(options, "baseline-snapshot-" + round);
    env.fromSource(rawSource(table, StartupOptions.snapshot(), "bench_base_snap" + round), WatermarkStrategy.noWatermarks(), "raw cdc")
        .sinkTo(new DiscardingSink<>());
    long start = System.nanoTime();
    JobID job = stack.flink().submit(env.getStreamGraph().getJobGraph());
    stack.flink().result(job).get();
    return seconds(start);
  }

  private static double weftSnapshot(DevStack stack, String url, int round) throws Exception {
    ProductPlan plan = plan(url, "bench-cdc-snapshot" + round);
    long start = System.nanoTime();
    stack.runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(30));
    return seconds(start);
  }

  private static Measured baselineStreaming(DevStack stack, Configuration options, PostgresTable table, String url, int rows, int changes,
      int round) throws Exception {
    SEEN.set(0);
    BASELINE_LATENCIES.clear();
    StreamExecutionEnvironment env = environment(options, "baseline-stream-" + round);
    env.fromSource(rawSource(table, StartupOptions.initial(), "bench_base_stream" + round), WatermarkStrategy.noWatermarks(), "raw cdc")
        .map(new Observe(rows + changes)).returns(InternalTypeInfo.of(ROW))
        .sinkTo(new DiscardingSink<>());
    JobID job = stack.flink().submit(env.getStreamGraph().getJobGraph());
    try {
      awaitCount(SEEN::get, rows, "the baseline's snapshot");
      Measured measured = measure(url, rows, changes, SEEN::get);
      return measured.withLatencies(new ArrayList<>(BASELINE_LATENCIES));
    } finally {
      stack.flink().cancel(job);
    }
  }

  private static Measured weftStreaming(DevStack stack, String url, int rows, int changes, int round) throws Exception {
    ProductPlan plan = plan(url, "bench-cdc-stream" + round);
    RunningProduct product = stack.runner().start(plan, false, Optional.empty());
    try (TopicWatch topic = new TopicWatch(stack.kafka().clientProperties(), plan.names().topic(), rows + changes)) {
      awaitCount(topic::committed, rows, "weft's snapshot on the topic");
      Measured measured = measure(url, rows, changes, topic::committed);
      return measured.withLatencies(topic.latencies());
    } finally {
      product.cancel();
    }
  }

  /**
   * The hand-written Flink CDC job ({@link HandWrittenCdcJob}) over a snapshot: seconds from
   * submit to finished, into its own topic and table.
   */
  private static double handWrittenSnapshot(DevStack stack, Configuration options, PostgresTable table, int round) throws Exception {
    StreamExecutionEnvironment env = environment(options, "hand-snapshot-" + round);
    HandWrittenCdcJob.build(env, rawSource(table, StartupOptions.snapshot(), "bench_hand_snap" + round), ROW, stack.kafka().clientProperties(),
        HAND_SNAPSHOT_TOPIC + round, "bench-hand-cdc-snap" + round,
        handWrittenTable(stack, HAND_SNAPSHOT_TOPIC + round, handSnapshotTable(round)));
    long start = System.nanoTime();
    JobID job = stack.flink().submit(env.getStreamGraph().getJobGraph());
    var result = stack.flink().result(job).get();
    if (!result.isSuccess()) {
      throw new IllegalStateException("the hand-written CDC job failed",
          result.getSerializedThrowable().get().deserializeError(CdcBenchmark.class.getClassLoader()));
    }
    return seconds(start);
  }

  /**
   * The hand-written job's snapshot did all the work: its table holds each of the source's rows
   * once, and its topic one committed record per row.
   */
  private static void checkHandWrittenSnapshot(DevStack stack, int rows, int round) throws Exception {
    Table table = stack.runner().catalog().loadTable(handSnapshotTable(round));
    java.util.Set<Long> ids = new java.util.HashSet<>();
    long tableRows = 0;
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).select("id").build()) {
      for (Record record : records) {
        ids.add((Long) record.getField("id"));
        tableRows++;
      }
    }
    long topicRecords = committedRecords(stack.kafka().clientProperties(), HAND_SNAPSHOT_TOPIC + round);
    System.out.printf(Locale.ROOT, "hand-written snapshot checked: source %,d rows, table %,d rows (%,d distinct ids), topic %,d records%n",
        rows, tableRows, ids.size(), topicRecords);
    if (tableRows != rows || ids.size() != rows || topicRecords != rows) {
      throw new IllegalStateException("the hand-written job's snapshot is not exactly the source table: " + rows + " rows in the source, "
          + tableRows + " in the table (" + ids.size() + " distinct ids), " + topicRecords + " records on " + HAND_SNAPSHOT_TOPIC + round);
    }
  }

  private static TableIdentifier handSnapshotTable(int round) {
    return TableIdentifier.of("bench", "cdc_hand_snapshot" + round);
  }

  /** Records readable with read_committed on a topic now. */
  private static long committedRecords(Properties kafka, String topic) {
    try (TopicWatch watch = new TopicWatch(kafka, topic, Long.MAX_VALUE)) {
      Map<TopicPartition, Long> end = watch.consumer.endOffsets(watch.partitions);
      long count = 0;
      long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
      while (end.entrySet().stream().anyMatch(e -> watch.consumer.position(e.getKey()) < e.getValue())) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("timed out reading " + topic + " to its end " + end);
        }
        count = watch.committed();
      }
      return count;
    }
  }

  /** A topic with the product's layout (one partition, and its dead-letter topic) and a v2 table keyed by id, as the product has. */
  private static TableLoader handWrittenTable(DevStack stack, String topic, TableIdentifier id) throws Exception {
    stack.runner().admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1))).all().get();
    var catalog = stack.runner().catalog();
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(id.namespace())) {
      namespaces.createNamespace(id.namespace());
    }
    Schema schema = FlinkSchemaUtil.convert(HandWrittenCdcJob.schema(ROW));
    if (!schema.identifierFieldNames().equals(java.util.Set.of("id"))) {
      throw new IllegalStateException("the hand-written table's identifier fields are " + schema.identifierFieldNames() + ", not [id]");
    }
    catalog.createTable(id, schema, PartitionSpec.unpartitioned(), Map.of("format-version", "2"));
    return TableLoader.fromCatalog(stack.catalog().loader(), id);
  }

  private static Measured handWrittenStreaming(DevStack stack, Configuration options, PostgresTable table, String url, int rows, int changes,
      int round) throws Exception {
    StreamExecutionEnvironment env = environment(options, "hand-stream-" + round);
    String topicName = HAND_STREAM_TOPIC + round;
    HandWrittenCdcJob.build(env, rawSource(table, StartupOptions.initial(), "bench_hand_stream" + round), ROW, stack.kafka().clientProperties(),
        topicName, "bench-hand-cdc-stream" + round, handWrittenTable(stack, topicName, TableIdentifier.of("bench", "cdc_hand_stream" + round)));
    JobID job = stack.flink().submit(env.getStreamGraph().getJobGraph());
    try (TopicWatch topic = new TopicWatch(stack.kafka().clientProperties(), topicName, rows + changes)) {
      awaitCount(topic::committed, rows, "the hand-written job's snapshot on the topic");
      Measured measured = measure(url, rows, changes, topic::committed);
      return measured.withLatencies(topic.latencies());
    } finally {
      stack.flink().cancel(job);
    }
  }

  /**
   * Updates {@code changes} rows in one transaction and times until all are seen; then inserts
   * {@link #LATENCY_ROWS} rows one by one, each stamped with its commit time.
   */
  private static Measured measure(String url, int rows, int changes, LongSupplier seen) throws Exception {
    long start;
    try (Connection db = DriverManager.getConnection(url, "postgres", ""); Statement sql = db.createStatement()) {
      start = System.nanoTime();
      sql.execute("UPDATE bench_cdc SET amount = amount + 1 WHERE id <= " + changes);
      awaitCount(seen, rows + changes, "the changes");
      double changesPerSecond = changes / seconds(start);
      LATENCY_SINCE = System.currentTimeMillis();
      long nextId = LATENCY_IDS + System.nanoTime() % 1_000_000_000L;
      for (int i = 0; i < LATENCY_ROWS; i++) {
        sql.execute("INSERT INTO bench_cdc VALUES (" + (nextId + i) + ", 'latency', 'l@x', 'DE', 1, 0, 1, 1, true, clock_timestamp())");
        // keep reading while inserting: a row's latency is taken when it is first seen
        long pauseEnd = System.nanoTime() + LATENCY_PAUSE.toNanos();
        while (System.nanoTime() < pauseEnd) {
          seen.getAsLong();
          Thread.sleep(5);
        }
      }
      awaitCount(seen, rows + changes + LATENCY_ROWS, "the latency rows");
      return new Measured(changesPerSecond, 0, 0);
    }
  }

  private static void awaitCount(LongSupplier count, long expected, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
    while (count.getAsLong() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("timed out waiting for " + what + ": " + count.getAsLong() + " of " + expected);
      }
      Thread.sleep(20);
    }
  }

  static PostgresIncrementalSource<RowData> rawSource(PostgresTable table, StartupOptions startup, String slot) {
    Properties debezium = new Properties();
    debezium.setProperty("publication.name", slot);
    debezium.setProperty("publication.autocreate.mode", "filtered");
    return PostgresIncrementalSource.<RowData>builder()
        .hostname(table.hostname()).port(table.port()).database(table.database())
        .schemaList(table.schema()).tableList(table.qualifiedName())
        .username(table.username()).password(table.password())
        .slotName(slot).decodingPluginName("pgoutput").debeziumProperties(debezium)
        .deserializer(RowDataDebeziumDeserializeSchema.newBuilder()
            .setPhysicalRowType(ROW).setResultTypeInfo(InternalTypeInfo.of(ROW)).setServerTimeZone(ZoneOffset.UTC)
            .setChangelogMode(DebeziumChangelogMode.ALL).build())
        .startupOptions(startup)
        .splitSize(chunkRows)
        .build();
  }

  private static StreamExecutionEnvironment environment(Configuration options, String name) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(dev.weft.execute.ProductRunner.jobConfiguration(
        options, java.nio.file.Path.of(options.get(WeftOptions.WORK_DIR), "checkpoints", name)));
    env.setParallelism(1);
    return env;
  }

  static ProductPlan plan(String url, String name) throws Exception {
    String text;
    try (InputStream in = CdcBenchmark.class.getResourceAsStream("/bench-cdc.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new ProductCompiler(ref -> Optional.empty())
        .compile(SpecLoader.load("bench-cdc.yaml", text.replace("BENCH_DB_URL", url).replace("name: bench-cdc", "name: " + name)));
  }

  static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** Counts what the baseline's source emits and, for the latency rows, how long after their commit. */
  private static final class Observe implements MapFunction<RowData, RowData> {
    private static final long serialVersionUID = 1L;
    private final long latencyAfter;

    Observe(long latencyAfter) {
      this.latencyAfter = latencyAfter;
    }

    @Override
    public RowData map(RowData row) {
      // an update arrives as its old row and its new row: count it once, as Weft's topic does
      if (row.getRowKind() == org.apache.flink.types.RowKind.UPDATE_BEFORE) {
        return row;
      }
      // only this round's latency rows: a later round's snapshot reads the earlier rounds' ones again
      if (SEEN.incrementAndGet() > latencyAfter && row.getLong(0) >= LATENCY_IDS && row.getTimestamp(9, 3).getMillisecond() >= LATENCY_SINCE) {
        BASELINE_LATENCIES.add(System.currentTimeMillis() - row.getTimestamp(9, 3).getMillisecond());
      }
      return row;
    }
  }

  private record Measured(double changesPerSecond, long p50, long p99) {
    Measured withLatencies(List<Long> latencies) {
      List<Long> sorted = latencies.stream().sorted().toList();
      if (sorted.isEmpty()) {
        return this;
      }
      return new Measured(changesPerSecond, sorted.get(sorted.size() / 2), sorted.get(Math.min(sorted.size() - 1, sorted.size() * 99 / 100)));
    }
  }

  /** Counts the committed records on a topic, and measures the latency of the last ones as they become readable. */
  private static final class TopicWatch implements AutoCloseable {
    final KafkaConsumer<byte[], byte[]> consumer;
    final List<TopicPartition> partitions;
    private final com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
    private long consumed;
    private final List<Long> latencies = new ArrayList<>();
    private final long latencyAfter;

    /** @param latencyAfter the records after this many are the latency rows */
    TopicWatch(Properties kafka, String topic, long latencyAfter) {
      this.latencyAfter = latencyAfter;
      Properties props = new Properties();
      props.putAll(kafka);
      props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
      props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
      props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
      consumer = new KafkaConsumer<>(props);
      partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
    }

    /** Reads what became readable and returns how many records were read so far. */
    long committed() {
      for (var record : consumer.poll(Duration.ofMillis(10))) {
        consumed++;
        if (consumed > latencyAfter && record.value() != null) {
          try {
            long sentAt = java.time.Instant.parse(json.readTree(record.value()).get("sent_at").asText()).toEpochMilli();
            latencies.add(System.currentTimeMillis() - sentAt);
          } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        }
      }
      return consumed;
    }

    List<Long> latencies() {
      return latencies;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
