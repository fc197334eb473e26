package dev.weft.benchmarks;

import dev.weft.dev.DevStack;
import dev.weft.execute.IcebergTables;
import dev.weft.execute.WeftOptions;
import dev.weft.plan.ProductPlan;
import dev.weft.verify.TopicTableVerifier;
import dev.weft.verify.Verification;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.BitSet;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;

/**
 * Weft's CDC snapshot of the benchmark table at parallelism 1, then 2 (the chunks read by two
 * source readers at once), each as a run until idle into its own table and topic. Each run is
 * checked exactly: the table holds each id of the source table once ({@code SELECT id} over JDBC),
 * and {@code weft verify}'s comparison finds the topic equal to the table, one record per row.
 */
final class ParallelSnapshot {
  private ParallelSnapshot() {}

  static void run(DevStack stack, String url, int rows, ProductPlan atOne, ProductPlan atTwo) throws Exception {
    BitSet source = sourceIds(url);
    double one = snapshot(stack, atOne, 1, source);
    double two = snapshot(stack, atTwo, 2, source);
    System.out.printf(Locale.ROOT, "parallel snapshot of %,d rows: parallelism 1 %,.0f rows/s, parallelism 2 %,.0f rows/s, speed-up %.2f%n",
        rows, one, two, two / one);
  }

  /** Rows per second of a run until idle at {@code parallelism}, checked against the source's ids. */
  private static double snapshot(DevStack stack, ProductPlan plan, int parallelism, BitSet source) throws Exception {
    stack.runner().options().set(WeftOptions.PARALLELISM, parallelism);
    long start = System.nanoTime();
    stack.runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(60));
    double seconds = CdcBenchmark.seconds(start);
    int rows = source.cardinality();

    Table table = stack.runner().catalog().loadTable(IcebergTables.identifier(plan));
    BitSet seen = new BitSet();
    long tableRows = 0;
    long repeated = 0;
    try (CloseableIterable<Record> records = IcebergGenerics.read(table).select("id").build()) {
      for (Record record : records) {
        int id = Math.toIntExact((Long) record.getField("id"));
        repeated += seen.get(id) ? 1 : 0;
        seen.set(id);
        tableRows++;
      }
    }
    BitSet missing = (BitSet) source.clone();
    missing.andNot(seen);
    BitSet extra = (BitSet) seen.clone();
    extra.andNot(source);
    Verification verification = new TopicTableVerifier(stack.kafka().clientProperties(), stack.runner().catalog()).verify(plan);
    System.out.printf(Locale.ROOT, "parallelism %d: %,d rows in %.1f s, %,.0f rows/s; table %,d rows (%d repeated, %d missing, %d not in the source), "
            + "topic %,d records compared with the table%n",
        parallelism, rows, seconds, rows / seconds, tableRows, repeated, missing.cardinality(), extra.cardinality(),
        verification.comparedTopicRecords());
    if (repeated != 0 || !missing.isEmpty() || !extra.isEmpty() || tableRows != rows || !verification.agrees()
        || verification.comparedTopicRecords() != rows) {
      PrintWriter out = new PrintWriter(System.out, true);
      verification.print(out, 20);
      throw new IllegalStateException("the snapshot at parallelism " + parallelism + " is not exactly the source table");
    }
    return rows / seconds;
  }

  private static BitSet sourceIds(String url) throws Exception {
    BitSet ids = new BitSet();
    try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
      db.setAutoCommit(false);
      try (Statement sql = db.createStatement()) {
        sql.setFetchSize(10_000);
        try (ResultSet row = sql.executeQuery("SELECT id FROM bench_cdc")) {
          while (row.next()) {
            ids.set(Math.toIntExact(row.getLong(1)));
          }
        }
      }
      db.commit();
    }
    return ids;
  }
}
