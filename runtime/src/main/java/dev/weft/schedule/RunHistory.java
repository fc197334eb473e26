package dev.weft.schedule;

import dev.weft.execute.ScheduledRun;
import dev.weft.maintain.TableFiles;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** Every run of a scheduled task, kept in the schedule store. */
public final class RunHistory {
  private final ScheduleStore store;

  public RunHistory(ScheduleStore store) throws SQLException {
    this.store = store;
    try (Connection db = connect(); Statement sql = db.createStatement()) {
      sql.execute("CREATE TABLE IF NOT EXISTS weft_runs (id BIGSERIAL PRIMARY KEY, product TEXT NOT NULL, task TEXT NOT NULL, "
          + "attempt INT NOT NULL, started_at TIMESTAMPTZ NOT NULL, ended_at TIMESTAMPTZ NOT NULL, status TEXT NOT NULL, "
          + "live_files_before BIGINT, snapshots_before INT, stored_files_before BIGINT, "
          + "live_files_after BIGINT, snapshots_after INT, stored_files_after BIGINT, rows BIGINT, message TEXT)");
    }
  }

  public void record(ScheduledRun run) throws SQLException {
    try (Connection db = connect(); PreparedStatement insert = db.prepareStatement("INSERT INTO weft_runs (product, task, attempt, "
        + "started_at, ended_at, status, live_files_before, snapshots_before, stored_files_before, live_files_after, snapshots_after, "
        + "stored_files_after, rows, message) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      insert.setString(1, run.product());
      insert.setString(2, run.task());
      insert.setInt(3, run.attempt());
      insert.setTimestamp(4, Timestamp.from(run.startedAt()));
      insert.setTimestamp(5, Timestamp.from(run.endedAt()));
      insert.setString(6, run.status().name().toLowerCase());
      setFiles(insert, 7, run.before());
      setFiles(insert, 10, run.after());
      if (run.rows().isPresent()) {
        insert.setLong(13, run.rows().getAsLong());
      } else {
        insert.setNull(13, Types.BIGINT);
      }
      insert.setString(14, run.message().orElse(null));
      insert.executeUpdate();
    }
  }

  /** The runs of one product, oldest first. */
  public List<ScheduledRun> of(String product) throws SQLException {
    try (Connection db = connect(); PreparedStatement select = db.prepareStatement(
        "SELECT * FROM weft_runs WHERE product = ? ORDER BY started_at, id")) {
      select.setString(1, product);
      List<ScheduledRun> runs = new ArrayList<>();
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          runs.add(new ScheduledRun(rows.getString("product"), rows.getString("task"), rows.getInt("attempt"),
              rows.getTimestamp("started_at").toInstant(), rows.getTimestamp("ended_at").toInstant(),
              ScheduledRun.Status.valueOf(rows.getString("status").toUpperCase()),
              files(rows, "before"), files(rows, "after"), rowsOf(rows), Optional.ofNullable(rows.getString("message"))));
        }
      }
      return runs;
    }
  }

  private static void setFiles(PreparedStatement statement, int first, Optional<TableFiles> files) throws SQLException {
    if (files.isEmpty()) {
      statement.setNull(first, Types.BIGINT);
      statement.setNull(first + 1, Types.INTEGER);
      statement.setNull(first + 2, Types.BIGINT);
      return;
    }
    statement.setLong(first, files.get().liveFiles());
    statement.setInt(first + 1, files.get().snapshots());
    statement.setLong(first + 2, files.get().storedFiles());
  }

  private static Optional<TableFiles> files(ResultSet row, String when) throws SQLException {
    long live = row.getLong("live_files_" + when);
    if (row.wasNull()) {
      return Optional.empty();
    }
    return Optional.of(new TableFiles(live, row.getInt("snapshots_" + when), row.getLong("stored_files_" + when)));
  }

  private static OptionalLong rowsOf(ResultSet row) throws SQLException {
    long rows = row.getLong("rows");
    return row.wasNull() ? OptionalLong.empty() : OptionalLong.of(rows);
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
  }
}
