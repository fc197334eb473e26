package dev.weft.benchmarks;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.dev.DevStack;
import dev.weft.execute.WeftOptions;
import dev.weft.maintain.MaintenanceResult;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableMaintenance;
import dev.weft.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/**
 * Trino query latency on a product table of many small commits (a streaming product's checkpoints
 * of little data), before and after Weft compacts it, on the embedded stack's Trino. The baseline
 * is the same queries on the same rows before compaction.
 *
 * <p>Run with {@code benchmarks/run-trino.sh [commits=500] [rowsPerCommit=200] [queries=30]}.
 */
public final class TrinoCompactionBenchmark {
  private static final List<String> QUERIES = List.of(
      "SELECT count(*), sum(order_total) FROM iceberg.bench.bench_orders_v1",
      "SELECT currency, count(*), sum(order_total) FROM iceberg.bench.bench_orders_v1 GROUP BY currency",
      "SELECT count(*) FROM iceberg.bench.bench_orders_v1 WHERE customer_id = 42");

  private TrinoCompactionBenchmark() {}

  public static void main(String[] args) throws Exception {
    int commits = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int rowsPerCommit = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    int queries = args.length > 2 ? Integer.parseInt(args[2]) : 30;
    Configuration options = new Configuration();
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-trino-").toString());
    options.set(WeftOptions.TRINO_ENABLED, true);
    try (DevStack stack = DevStack.start(options)) {
      ProductPlan plan = new ProductCompiler(ref -> Optional.empty()).compile(spec());
      Table table = IcebergTables.createIfMissing(stack.runner().catalog(), plan);
      long start = System.nanoTime();
      for (int commit = 0; commit < commits; commit++) {
        appendSmallFile(table, commit, rowsPerCommit);
      }
      System.out.printf(Locale.ROOT, "wrote %,d commits of %,d rows in %.1f s%n", commits, rowsPerCommit, (System.nanoTime() - start) / 1e9);
      String url = stack.trino().orElseThrow().jdbcUrl();
      try (Connection trino = DriverManager.getConnection(url, "bench", null)) {
        List<Long> before = latencies(trino, queries);
        MaintenanceResult compaction = new TableMaintenance(Duration.ofDays(3))
            .run(plan.product(), table, MaintenanceTask.COMPACT, plan.maintenance(), Instant.now());
        System.out.printf(Locale.ROOT, "compaction: %,d -> %,d live files%n", compaction.before().liveFiles(), compaction.after().liveFiles());
        List<Long> after = latencies(trino, queries);
        System.out.printf(Locale.ROOT, "RESULT Trino latency before compaction p50 %d ms p99 %d ms; after p50 %d ms p99 %d ms; "
                + "p50 ratio after/before %.2f%n",
            percentile(before, 50), percentile(before, 99), percentile(after, 50), percentile(after, 99),
            (double) percentile(after, 50) / percentile(before, 50));
      }
    }
    System.exit(0);
  }

  /** Each query {@code rounds} times after one warm-up round; milliseconds per query. */
  private static List<Long> latencies(Connection trino, int rounds) throws Exception {
    List<Long> millis = new ArrayList<>();
    for (int round = 0; round <= rounds; round++) {
      for (String sql : QUERIES) {
        long start = System.nanoTime();
        try (Statement statement = trino.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
          while (rows.next()) {
            // read every row
          }
        }
        if (round > 0) {
          millis.add((System.nanoTime() - start) / 1_000_000);
        }
      }
    }
    return millis;
  }

  private static long percentile(List<Long> values, int percent) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(percent / 100.0 * sorted.size()) - 1));
  }

  private static void appendSmallFile(Table table, int commit, int rows) throws IOException {
    String[] currencies = {"EUR", "USD", "GBP"};
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, commit).format(FileFormat.PARQUET).build();
    GenericAppenderFactory appenders = new GenericAppenderFactory(table.schema(), table.spec());
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      long id = (long) commit * rows + i;
      GenericRecord order = GenericRecord.create(table.schema());
      order.setField("order_id", id);
      order.setField("customer_id", id % 10_007);
      order.setField("order_total", new BigDecimal((id % 997 + 1) + ".25"));
      order.setField("currency", currencies[(int) (id % 3)]);
      order.setField("placed_at", OffsetDateTime.ofInstant(Instant.parse("2026-11-01T00:00:00Z").plusSeconds(id), ZoneOffset.UTC));
      records.add(order);
    }
    DataWriter<Record> writer = appenders.newDataWriter(files.newOutputFile(), FileFormat.PARQUET, null);
    try (writer) {
      records.forEach(writer::write);
    }
    table.newAppend().appendFile(writer.toDataFile()).commit();
  }

  private static dev.weft.spec.ProductSpec spec() throws Exception {
    try (InputStream in = TrinoCompactionBenchmark.class.getResourceAsStream("/bench-orders.yaml")) {
      return SpecLoader.load("bench-orders.yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }
}
