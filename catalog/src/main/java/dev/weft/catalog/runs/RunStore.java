package dev.weft.catalog.runs;

import dev.weft.catalog.health.Instants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/** The runs of products' scheduled work, newest first. */
public final class RunStore {
  /** How many runs one read returns at most. */
  public static final int LIMIT = 200;

  public void insert(Connection connection, long productId, ProductRun run) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO product_run (product_id, task, attempt, started_at, "
        + "ended_at, status, rows_written, live_files_before, live_files_after, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setLong(1, productId);
      insert.setString(2, run.task());
      insert.setInt(3, run.attempt());
      insert.setTimestamp(4, Timestamp.from(Instants.parseOrNull(run.startedAt())));
      insert.setTimestamp(5, Timestamp.from(Instants.parseOrNull(run.endedAt())));
      insert.setString(6, run.status());
      setLong(insert, 7, run.rows());
      setLong(insert, 8, run.liveFilesBefore());
      setLong(insert, 9, run.liveFilesAfter());
      insert.setString(10, run.message());
      insert.executeUpdate();
    }
  }

  public List<ProductRun> forProduct(Connection connection, long productId) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SELECT * FROM product_run WHERE product_id = ? "
        + "ORDER BY started_at DESC, id DESC LIMIT " + LIMIT)) {
      select.setLong(1, productId);
      List<ProductRun> runs = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          runs.add(new ProductRun(rows.getString("task"), rows.getInt("attempt"),
              rows.getTimestamp("started_at").toInstant().toString(), rows.getTimestamp("ended_at").toInstant().toString(),
              rows.getString("status"), getLong(rows, "rows_written"), getLong(rows, "live_files_before"),
              getLong(rows, "live_files_after"), rows.getString("message")));
        }
      }
      return runs;
    }
  }

  private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.BIGINT);
    } else {
      statement.setLong(index, value);
    }
  }

  private static Long getLong(ResultSet row, String column) throws SQLException {
    long value = row.getLong(column);
    return row.wasNull() ? null : value;
  }
}
