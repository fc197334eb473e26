package dev.weft.benchmarks;

import dev.weft.dev.DevStack;
import dev.weft.dev.S3MockServer;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.IcebergTables;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.SpecLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The end-to-end product ({@code bench-orders.yaml}: JSON in, topic + table out, exactly-once, 2 s
 * checkpoints) with its table on local disk and on S3, in the same process on the same embedded
 * stack, each round running both (which goes first alternates). The S3 API server is Adobe S3Mock,
 * its own process on this machine, so the figure is S3FileIO's and the protocol's cost, not a
 * network's. The best round of each counts; each S3 table must hold as many rows as the local one.
 *
 * <p>Run with {@code benchmarks/run-s3.sh [records] [rounds]}.
 */
public final class S3WarehouseBenchmark {
  private static final String INPUT = "bench.orders";
  private static final String BUCKET = "bench";

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Path work = Files.createTempDirectory("weft-bench-s3-");
    Configuration options = new Configuration();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    options.set(WeftOptions.WORK_DIR, work.resolve("work").toString());
    try (S3MockServer s3 = S3MockServer.start(Path.of("benchmarks/target/s3mock/s3mock-exec.jar"), work.resolve("s3"), BUCKET);
        DevStack stack = DevStack.start(options)) {
      s3.awaitReady(Duration.ofMinutes(2));
      Configuration onS3 = s3Options(options, s3, work);
      IcebergCatalogSettings s3Catalog = IcebergCatalogSettings.of(onS3, stack.postgres().jdbcUrl(), stack.postgres().user(), "");
      try (ProductRunner s3Runner = new ProductRunner(stack.flink(), stack.kafka().clientProperties(), s3Catalog, onS3)) {
        stack.runner().admin().createTopics(List.of(new NewTopic(INPUT, 2, (short) 1))).all().get();
        long produceStart = System.nanoTime();
        BenchmarkData.produce(stack.kafka().clientProperties(), INPUT, records);
        System.out.printf(Locale.ROOT, "produced %,d records in %.1f s%n", records, seconds(produceStart));

        double bestLocal = 0;
        double bestS3 = 0;
        for (int round = 1; round <= rounds; round++) {
          ProductPlan localPlan = plan("bench-orders-local-r" + round);
          ProductPlan s3Plan = plan("bench-orders-s3-r" + round);
          // the order alternates: on a loaded machine the first run of a round is often the slower one
          double local;
          double onS3Rate;
          if (round % 2 == 1) {
            local = records / run(stack.runner(), localPlan);
            onS3Rate = records / run(s3Runner, s3Plan);
          } else {
            onS3Rate = records / run(s3Runner, s3Plan);
            local = records / run(stack.runner(), localPlan);
          }
          long localRows = rows(stack.runner(), localPlan);
          long s3Rows = rows(s3Runner, s3Plan);
          if (s3Rows != localRows || s3Rows != BenchmarkData.validCount(records)) {
            throw new IllegalStateException("round " + round + ": the S3 table holds " + s3Rows + " rows, the local one " + localRows
                + ", expected " + BenchmarkData.validCount(records));
          }
          System.out.printf(Locale.ROOT, "round %d: local disk %,.0f records/s, S3 %,.0f records/s, ratio S3/local %.2f (%,d rows each)%n",
              round, local, onS3Rate, onS3Rate / local, s3Rows);
          bestLocal = Math.max(bestLocal, local);
          bestS3 = Math.max(bestS3, onS3Rate);
        }
        System.out.printf(Locale.ROOT, "RESULT best of %d: local disk %,.0f records/s, S3 (S3Mock) %,.0f records/s, ratio S3/local %.2f%n",
            rounds, bestLocal, bestS3, bestS3 / bestLocal);
      }
    }
    System.exit(0);
  }

  /** The stack's options with the warehouse in the S3Mock bucket, in a catalog of its own name, keys as secret references. */
  private static Configuration s3Options(Configuration options, S3MockServer s3, Path work) throws Exception {
    Path secrets = Files.createDirectories(work.resolve("secrets"));
    Files.writeString(secrets.resolve("bench-s3-key-id"), "bench");
    Files.writeString(secrets.resolve("bench-s3-secret"), "bench-secret");
    Configuration onS3 = new Configuration(options);
    onS3.set(WeftOptions.CATALOG_NAME, "weft_s3");
    onS3.set(WeftOptions.WAREHOUSE, "s3://" + BUCKET + "/warehouse");
    onS3.set(WeftOptions.S3_ENDPOINT, s3.endpoint());
    onS3.set(WeftOptions.S3_PATH_STYLE_ACCESS, true);
    onS3.set(WeftOptions.S3_ACCESS_KEY_ID, "${secret:bench-s3-key-id}");
    onS3.set(WeftOptions.S3_SECRET_ACCESS_KEY, "${secret:bench-s3-secret}");
    onS3.set(WeftOptions.SECRETS_DIR, secrets.toString());
    return onS3;
  }

  private static ProductPlan plan(String name) throws Exception {
    String text;
    try (InputStream in = S3WarehouseBenchmark.class.getResourceAsStream("/bench-orders.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    return new ProductCompiler(ref -> Optional.empty()).compile(SpecLoader.load("bench-orders.yaml",
        text.replace("name: bench-orders", "name: " + name)));
  }

  /** Seconds from submit until the product stopped, having read everything. */
  private static double run(ProductRunner runner, ProductPlan plan) throws Exception {
    long start = System.nanoTime();
    runner.start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(30));
    return seconds(start);
  }

  private static long rows(ProductRunner runner, ProductPlan plan) {
    Table table = runner.catalog().loadTable(IcebergTables.identifier(plan));
    return Long.parseLong(table.currentSnapshot().summary().get(SnapshotSummary.TOTAL_RECORDS_PROP));
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
