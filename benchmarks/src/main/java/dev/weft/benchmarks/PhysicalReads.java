package dev.weft.benchmarks;

import java.io.OutputStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import org.postgresql.PGConnection;

/**
 * The physical limit of reading the CDC benchmark's table: a plain JDBC {@code SELECT} that reads
 * every column of every row into Java values, and {@code COPY … TO STDOUT} through PgJDBC's
 * CopyManager, which only moves the text. Rows per second.
 */
record PhysicalReads(double select, double copy) {

  static PhysicalReads measure(String url, int rows) throws Exception {
    try (Connection db = DriverManager.getConnection(url, "postgres", "")) {
      db.setAutoCommit(false); // PgJDBC streams with a fetch size only inside a transaction
      select(db, rows); // once to warm the JIT and the server's cache, as the sources find it after the insert
      long start = System.nanoTime();
      select(db, rows);
      double select = rows / CdcBenchmark.seconds(start);
      start = System.nanoTime();
      long lines = db.unwrap(PGConnection.class).getCopyAPI().copyOut("COPY bench_cdc TO STDOUT", new LineCount());
      double copy = rows / CdcBenchmark.seconds(start);
      if (lines != rows) {
        throw new IllegalStateException("COPY read " + lines + " rows, not " + rows);
      }
      db.commit();
      return new PhysicalReads(select, copy);
    }
  }

  private static void select(Connection db, int rows) throws Exception {
    long read = 0;
    long checksum = 0;
    try (Statement sql = db.createStatement()) {
      sql.setFetchSize(10_000);
      try (ResultSet row = sql.executeQuery(
          "SELECT id, customer, email, country, amount, fee, quantity, score, active, sent_at FROM bench_cdc")) {
        while (row.next()) {
          checksum += row.getLong(1) + row.getString(2).length() + row.getString(3).length() + row.getString(4).length()
              + row.getBigDecimal(5).scale() + row.getBigDecimal(6).scale() + row.getInt(7) + (long) row.getDouble(8)
              + (row.getBoolean(9) ? 1 : 0) + row.getObject(10, java.time.OffsetDateTime.class).getNano();
          read++;
        }
      }
    }
    if (read != rows || checksum == 0) {
      throw new IllegalStateException("SELECT read " + read + " rows, not " + rows);
    }
  }

  /** Counts the lines COPY writes: one per row. */
  private static final class LineCount extends OutputStream {
    private long lines;

    @Override
    public void write(int b) {
      if (b == '\n') {
        lines++;
      }
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      for (int i = offset; i < offset + length; i++) {
        if (bytes[i] == '\n') {
          lines++;
        }
      }
    }
  }
}
