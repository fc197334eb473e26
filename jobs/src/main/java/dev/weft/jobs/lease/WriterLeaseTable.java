package dev.weft.jobs.lease;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The table of writer leases, one row per product major that runs somewhere, in the Iceberg JDBC
 * catalog's database: every writer of a product's table reaches that database already, wherever it
 * runs (a local {@code weft run}, a session cluster, Kubernetes). Here, in jobs/, so a job that
 * holds its own lease on a cluster can keep it alive with the same statements.
 */
public final class WriterLeaseTable {
  public static final String NAME = "weft_writer_leases";

  /**
   * product: {@code domain.name@major}; run_id: the holder's run; host, pid, process_start: a local
   * holder's process; job_id and rest_url: the Flink job and, for a cluster, where to ask about it.
   */
  static final String CREATE = "CREATE TABLE IF NOT EXISTS " + NAME + " ("
      + "product VARCHAR(300) PRIMARY KEY, run_id VARCHAR(64) NOT NULL, host VARCHAR(255) NOT NULL, pid BIGINT, "
      + "process_start BIGINT, job_id VARCHAR(32), rest_url VARCHAR(1000), acquired_at TIMESTAMP NOT NULL, heartbeat_at TIMESTAMP NOT NULL)";

  private WriterLeaseTable() {}

  /** Creates the table if it is missing; two first writers at once are both fine. */
  public static void create(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(CREATE);
    } catch (SQLException raced) {
      // PostgreSQL's CREATE TABLE IF NOT EXISTS can fail on its catalog's unique index when two create it at once
      try (Statement statement = connection.createStatement()) {
        statement.execute(CREATE);
      }
    }
  }

  /** Renews the holder's lease; false when it holds none any more (it was taken over after it expired). */
  public static boolean heartbeat(Connection connection, String product, String runId) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE " + NAME + " SET heartbeat_at = LOCALTIMESTAMP WHERE product = ? AND run_id = ?")) {
      update.setString(1, product);
      update.setString(2, runId);
      return update.executeUpdate() == 1;
    }
  }

  /** Gives the lease up, if the holder still has it. */
  public static void release(Connection connection, String product, String runId) throws SQLException {
    try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + NAME + " WHERE product = ? AND run_id = ?")) {
      delete.setString(1, product);
      delete.setString(2, runId);
      delete.executeUpdate();
    }
  }
}
