package dev.weft.benchmarks;

import dev.weft.plan.ProductPlan;
import dev.weft.cli.WeftCli;
import java.io.PrintWriter;
import java.io.Writer;
import picocli.CommandLine;
import dev.weft.plan.ProductCompiler;
import dev.weft.dev.DevStack;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.SpecLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.flink.FlinkSchemaUtil;
import org.apache.iceberg.flink.TableLoader;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The compiled product against the hand-written DataStream job doing the same work, in the same
 * process on the same embedded stack: 1M JSON records of ~200 bytes, Kafka in, Kafka + Iceberg out,
 * exactly-once, 2 s checkpoints. Rounds alternate the two jobs; the best round of each counts.
 * Then a stateful product (an aggregate per customer) over the same input, on the heap and on
 * RocksDB with incremental checkpoints, what a stateful product runs on by default.
 *
 * <p>Run with {@code benchmarks/run-end-to-end.sh [records] [rounds]}.
 */
public final class EndToEndBenchmark {
  private static final String INPUT = "bench.orders";

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    specTimings();

    Configuration options = new Configuration();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-").toString());
    try (DevStack stack = DevStack.start(options)) {
      stack.runner().admin().createTopics(List.of(new NewTopic(INPUT, 2, (short) 1))).all().get();
      long produceStart = System.nanoTime();
      BenchmarkData.produce(stack.kafka().clientProperties(), INPUT, records);
      System.out.printf(Locale.ROOT, "produced %,d records in %.1f s%n", records, seconds(produceStart));

      double bestWeft = 0;
      double bestBaseline = 0;
      for (int round = 1; round <= rounds; round++) {
        double baseline = records / runBaseline(stack, options, round);
        double weft = records / runWeft(stack, round);
        System.out.printf(Locale.ROOT, "round %d: hand-written %,.0f records/s, weft %,.0f records/s, ratio %.2f%n",
            round, baseline, weft, weft / baseline);
        bestWeft = Math.max(bestWeft, weft);
        bestBaseline = Math.max(bestBaseline, baseline);
      }
      System.out.printf(Locale.ROOT, "RESULT best of %d: hand-written %,.0f records/s, weft %,.0f records/s, ratio %.2f (target >= 0.95)%n",
          rounds, bestBaseline, bestWeft, bestWeft / bestBaseline);

      double bestHeap = 0;
      double bestRocksDb = 0;
      for (int round = 1; round <= rounds; round++) {
        double heap = records / runStateful(stack, round, WeftOptions.StateBackendKind.HEAP);
        double rocksDb = records / runStateful(stack, round, WeftOptions.StateBackendKind.ROCKSDB);
        System.out.printf(Locale.ROOT, "stateful round %d: heap %,.0f records/s, rocksdb %,.0f records/s, ratio %.2f%n",
            round, heap, rocksDb, rocksDb / heap);
        bestHeap = Math.max(bestHeap, heap);
        bestRocksDb = Math.max(bestRocksDb, rocksDb);
      }
      System.out.printf(Locale.ROOT, "RESULT stateful best of %d: heap %,.0f records/s, rocksdb %,.0f records/s, ratio %.2f%n",
          rounds, bestHeap, bestRocksDb, bestRocksDb / bestHeap);
    }
    System.exit(0);
  }

  /** {@code weft validate} of the example specs and {@code weft plan} of each, through the CLI itself. */
  private static void specTimings() throws Exception {
    List<Path> specs;
    try (var files = Files.walk(Path.of("product-specs"))) {
      specs = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
    }
    for (int i = 1; i <= 3; i++) {
      long start = System.nanoTime();
      check(cli().execute("validate", "product-specs"));
      double validate = seconds(start);
      long planStart = System.nanoTime();
      for (Path spec : specs) {
        check(cli().execute("plan", spec.toString(), "--with", "product-specs"));
      }
      System.out.printf(Locale.ROOT, "specs run %d: weft validate (%d specs) %.2f s, weft plan of each %.2f s%n",
          i, specs.size(), validate, seconds(planStart));
    }
  }

  private static CommandLine cli() {
    CommandLine cli = WeftCli.commandLine();
    cli.setOut(new PrintWriter(Writer.nullWriter()));
    return cli;
  }

  private static void check(int exitCode) {
    if (exitCode != 0) {
      throw new IllegalStateException("weft exited with " + exitCode);
    }
  }

  private static double runWeft(DevStack stack, int round) throws Exception {
    String text;
    try (InputStream in = EndToEndBenchmark.class.getResourceAsStream("/bench-orders.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var spec = SpecLoader.load("bench-orders.yaml", text.replace("name: bench-orders", "name: bench-orders-r" + round));
    ProductPlan plan = new ProductCompiler(ref -> Optional.empty()).compile(spec);
    long start = System.nanoTime();
    var product = stack.runner().start(plan, true, Optional.empty());
    double submitted = seconds(start);
    product.awaitFinished(Duration.ofMinutes(30));
    // where the time goes: checks, SQL planning and submission, then the job until it stopped
    System.out.printf(Locale.ROOT, "round %d: weft submitted after %.2f s, finished after %.2f s%n", round, submitted, seconds(start));
    return seconds(start);
  }

  /** The aggregate per customer over the same input, on the given state backend; seconds from submit to finished. */
  private static double runStateful(DevStack stack, int round, WeftOptions.StateBackendKind backend) throws Exception {
    String text;
    try (InputStream in = EndToEndBenchmark.class.getResourceAsStream("/bench-order-counts.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String name = "bench-order-counts-" + backend.name().toLowerCase(Locale.ROOT) + "-r" + round;
    var spec = SpecLoader.load("bench-order-counts.yaml", text.replace("name: bench-order-counts", "name: " + name));
    ProductPlan plan = new ProductCompiler(ref -> Optional.empty()).compile(spec);
    stack.runner().options().set(WeftOptions.STATE_BACKEND, backend);
    try {
      long start = System.nanoTime();
      stack.runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(30));
      return seconds(start);
    } finally {
      stack.runner().options().set(WeftOptions.STATE_BACKEND, WeftOptions.STATE_BACKEND.defaultValue());
    }
  }

  private static double runBaseline(DevStack stack, Configuration options, int round) throws Exception {
    String topic = "bench.baseline-r" + round;
    stack.runner().admin().createTopics(List.of(new NewTopic(topic, 1, (short) 1), new NewTopic(topic + ".dlq", 1, (short) 1))).all().get();
    var catalog = stack.runner().catalog();
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(Namespace.of("bench"))) {
      namespaces.createNamespace(Namespace.of("bench"));
    }
    TableIdentifier id = TableIdentifier.of("bench", "baseline_r" + round);
    List<Column> columns = HandWrittenJob.ROW.getFields().stream()
        .<Column>map(f -> Column.physical(f.getName(), TypeConversions.fromLogicalToDataType(f.getType()))).toList();
    catalog.createTable(id, FlinkSchemaUtil.convert(new ResolvedSchema(columns, List.of(), null)), PartitionSpec.unpartitioned(),
        Map.of("format-version", "2"));

    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
        ProductRunner.jobConfiguration(options, Path.of(options.get(WeftOptions.WORK_DIR), "checkpoints", "baseline-" + round)));
    env.setParallelism(options.get(WeftOptions.PARALLELISM));
    HandWrittenJob.build(env, stack.kafka().clientProperties(), INPUT, topic, TableLoader.fromCatalog(stack.catalog().loader(), id));
    JobGraph job = env.getStreamGraph().getJobGraph();
    long start = System.nanoTime();
    var jobId = stack.flink().submit(job);
    var result = stack.flink().result(jobId).get();
    if (!result.isSuccess()) {
      throw new IllegalStateException("baseline failed", result.getSerializedThrowable().get().deserializeError(EndToEndBenchmark.class.getClassLoader()));
    }
    return seconds(start);
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
