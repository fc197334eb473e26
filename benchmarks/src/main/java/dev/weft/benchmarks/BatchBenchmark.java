package dev.weft.benchmarks;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.dev.DevStack;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamStatementSet;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * A batch product against the plain Flink batch job a user would write for it, in the same process
 * on the same embedded stack: both read the same Iceberg table of {@code rows} orders and replace
 * the partitions of a daily aggregate. Weft's job adds the quality rule, dead letters and the topic.
 *
 * <p>Run with {@code benchmarks/run.sh BatchBenchmark [rows=2000000] [rounds=2]}.
 */
public final class BatchBenchmark {
  private BatchBenchmark() {}

  public static void main(String[] args) throws Exception {
    long rows = args.length > 0 ? Long.parseLong(args[0]) : 2_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Configuration options = new Configuration();
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-batch-").toString());
    try (DevStack stack = DevStack.start(options)) {
      ProductSpec upstream = spec("bench-orders.yaml");
      ProductPlan orders = new ProductCompiler(ref -> Optional.empty()).compile(upstream);
      Table source = IcebergTables.createIfMissing(stack.runner().catalog(), orders);
      long start = System.nanoTime();
      writeOrders(source, rows);
      System.out.printf(Locale.ROOT, "wrote %,d orders to %s in %.1f s%n", rows, source.name(), seconds(start));

      ProductPlan daily = new ProductCompiler(ref -> Optional.of(upstream)).compile(spec("bench-daily.yaml"));
      stack.runner().provision(java.util.List.of(daily));
      double bestWeft = 0;
      double bestPlain = 0;
      for (int round = 1; round <= rounds; round++) {
        long plainStart = System.nanoTime();
        runPlain(stack);
        double plain = rows / seconds(plainStart);
        long weftStart = System.nanoTime();
        stack.runner().start(daily, true, Optional.empty()).awaitFinished(Duration.ofMinutes(30));
        double weft = rows / seconds(weftStart);
        System.out.printf(Locale.ROOT, "round %d: plain Flink SQL %,.0f rows/s, weft %,.0f rows/s, ratio %.2f%n", round, plain, weft, weft / plain);
        bestWeft = Math.max(bestWeft, weft);
        bestPlain = Math.max(bestPlain, plain);
      }
      System.out.printf(Locale.ROOT, "RESULT best of %d: plain Flink SQL %,.0f rows/s, weft %,.0f rows/s, ratio %.2f%n",
          rounds, bestPlain, bestWeft, bestWeft / bestPlain);
    }
    System.exit(0);
  }

  /**
   * The same aggregate as one Flink SQL batch statement over the same Iceberg catalog, planned and
   * run on the same cluster as the product (planning counts for both).
   */
  private static void runPlain(DevStack stack) throws Exception {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.setParallelism(1);
    StreamTableEnvironment sql = StreamTableEnvironment.create(env, EnvironmentSettings.inBatchMode());
    // the same FLIP-27 reader the product uses (Iceberg's SQL source defaults to its older input format)
    sql.getConfig().set("table.exec.iceberg.use-flip27-source", "true");
    var catalog = stack.catalog();
    sql.executeSql("CREATE CATALOG weft WITH ('type'='iceberg', 'catalog-impl'='org.apache.iceberg.jdbc.JdbcCatalog', "
        + "'uri'='" + catalog.jdbcUrl() + "', 'jdbc.user'='" + catalog.user() + "', 'jdbc.password'='" + catalog.password() + "', "
        + "'warehouse'='" + catalog.warehouse() + "')");
    sql.executeSql("CREATE TABLE IF NOT EXISTS weft.bench.plain_daily (order_day STRING, currency STRING, orders BIGINT, "
        + "revenue DECIMAL(38, 2)) PARTITIONED BY (order_day) WITH ('format-version'='2')");
    StreamStatementSet insert = sql.createStatementSet();
    insert.addInsertSql("INSERT OVERWRITE weft.bench.plain_daily SELECT DATE_FORMAT(placed_at, 'yyyy-MM-dd') AS order_day, currency, "
        + "COUNT(*) AS orders, SUM(order_total) AS revenue FROM weft.bench.bench_orders_v1 "
        + "GROUP BY DATE_FORMAT(placed_at, 'yyyy-MM-dd'), currency");
    insert.attachAsDataStream();
    var job = stack.flink().submit(env.getStreamGraph().getJobGraph());
    var result = stack.flink().result(job).get();
    if (!result.isSuccess()) {
      throw new IllegalStateException("the plain Flink job failed",
          result.getSerializedThrowable().get().deserializeError(BatchBenchmark.class.getClassLoader()));
    }
  }

  /** Orders over 30 days, in files of 250,000 rows. */
  private static void writeOrders(Table table, long rows) throws IOException {
    String[] currencies = {"EUR", "USD", "GBP"};
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.PARQUET).build();
    GenericAppenderFactory appenders = new GenericAppenderFactory(table.schema(), table.spec());
    AppendFiles append = table.newAppend();
    GenericRecord order = GenericRecord.create(table.schema());
    for (long first = 0; first < rows; first += 250_000) {
      DataWriter<Record> writer = appenders.newDataWriter(files.newOutputFile(), FileFormat.PARQUET, null);
      try (writer) {
        for (long i = first; i < Math.min(rows, first + 250_000); i++) {
          order.setField("order_id", i);
          order.setField("customer_id", i % 10_007);
          order.setField("order_total", new BigDecimal((i % 997 + 1) + ".25"));
          order.setField("currency", currencies[(int) (i % 3)]);
          order.setField("placed_at", OffsetDateTime.ofInstant(Instant.parse("2026-10-01T00:00:00Z").plusSeconds(i % (30 * 86_400)), ZoneOffset.UTC));
          writer.write(order);
        }
      }
      append.appendFile(writer.toDataFile());
    }
    append.commit();
  }

  private static ProductSpec spec(String resource) {
    try (InputStream in = BatchBenchmark.class.getResourceAsStream("/" + resource)) {
      return SpecLoader.load(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (dev.weft.spec.InvalidSpecException e) {
      throw new IllegalStateException(String.join("\n", e.problems().stream().map(Object::toString).toList()), e);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }
}
