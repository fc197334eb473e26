package dev.weft.execute;

import dev.weft.jobs.source.cdc.PostgresTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * The replication slot and publication a product's CDC input owns on its PostgreSQL server. A slot
 * keeps WAL until its product confirms it, so a slot left behind by a product that is gone fills
 * the server's disk: {@code weft status} shows them, {@code weft drop} removes them.
 */
public final class ReplicationSlots {
  /** How long a slot a stopped run used may stay active before it is taken as used by another process. */
  private static final java.time.Duration RELEASE_WAIT = java.time.Duration.ofSeconds(30);
  /** How long the server may take to flush the WAL written before a run until idle starts. */
  private static final java.time.Duration FLUSH_WAIT = java.time.Duration.ofSeconds(30);
  private ReplicationSlots() {}

  /**
   * @param active whether a product is streaming from it now
   * @param retainedWalBytes WAL the server keeps for it
   */
  public record SlotStatus(String name, boolean active, long retainedWalBytes, String confirmedFlushLsn) {}

  /** The slot of this input, or empty when it has none (never started, or dropped). */
  public static Optional<SlotStatus> status(PostgresTable table) {
    try (Connection connection = connect(table); PreparedStatement query = connection.prepareStatement("""
        SELECT slot_name, active, pg_current_wal_lsn() - restart_lsn, confirmed_flush_lsn::text
          FROM pg_replication_slots WHERE slot_name = ? AND database = current_database()""")) {
      query.setString(1, table.slotName());
      try (ResultSet row = query.executeQuery()) {
        return row.next()
            ? Optional.of(new SlotStatus(row.getString(1), row.getBoolean(2), row.getLong(3), row.getString(4)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw failure(table, "read the replication slot", e);
    }
  }

  /**
   * The log position (LSN) of the last change of the captured table that the slot holds for the
   * product now, if it holds any: what a run until idle must read. Peeks at the slot (decodes what
   * it keeps, through the publication that filters it to the table) without consuming anything;
   * the slot must not be in use.
   */
  public static Optional<Long> lastPendingChange(PostgresTable table) {
    awaitReleased(table);
    try (Connection connection = connect(table)) {
      createPublication(connection, table);
      awaitFlushed(connection, table);
      // pgoutput's Insert, Update, Delete and Truncate messages start with I, U, D, T
      try (PreparedStatement peek = connection.prepareStatement("SELECT (max(lsn) - '0/0'::pg_lsn)::bigint"
          + " FROM pg_logical_slot_peek_binary_changes(?, NULL, NULL, 'proto_version', '1', 'publication_names', ?)"
          + " WHERE get_byte(data, 0) IN (73, 85, 68, 84)")) {
        peek.setString(1, table.slotName());
        peek.setString(2, table.slotName());
        try (ResultSet row = peek.executeQuery()) {
          row.next();
          long lsn = row.getLong(1);
          return row.wasNull() ? Optional.empty() : Optional.of(lsn);
        }
      }
    } catch (SQLException e) {
      throw failure(table, "read which changes it holds from the replication slot", e);
    }
  }

  /**
   * Waits until the server has flushed all the WAL written so far. Logical decoding reads only
   * flushed WAL, and a server that commits asynchronously ({@code synchronous_commit = off}) returns
   * from a commit before flushing it, so without the wait a change committed a moment ago is not in
   * the slot yet, and a run until idle that looks then ends without reading it. The WAL writer
   * flushes within a few {@code wal_writer_delay}s.
   */
  private static void awaitFlushed(Connection connection, PostgresTable table) throws SQLException {
    long deadline = System.nanoTime() + FLUSH_WAIT.toNanos();
    try (PreparedStatement written = connection.prepareStatement("SELECT pg_current_wal_insert_lsn()::text");
        ResultSet row = written.executeQuery();
        PreparedStatement flushed = connection.prepareStatement("SELECT pg_current_wal_flush_lsn() >= ?::pg_lsn")) {
      row.next();
      String end = row.getString(1);
      flushed.setString(1, end);
      while (true) {
        try (ResultSet done = flushed.executeQuery()) {
          done.next();
          if (done.getBoolean(1)) {
            return;
          }
        }
        if (System.nanoTime() > deadline) {
          throw new ChangeSourceException("the WAL of " + table.hostname() + ":" + table.port() + " up to " + end
              + " was not flushed within " + FLUSH_WAIT.toSeconds() + " s, so replication slot " + table.slotName()
              + " cannot show the changes committed before this run; check the server's WAL writer and disk");
        }
        try {
          Thread.sleep(20);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ChangeSourceException("interrupted while waiting for the WAL of " + table.hostname() + ":" + table.port()
              + " to be flushed", e);
        }
      }
    }
  }

  /** A run that has just stopped lets go of its slot a moment later. */
  private static void awaitReleased(PostgresTable table) {
    long deadline = System.nanoTime() + RELEASE_WAIT.toNanos();
    while (status(table).map(SlotStatus::active).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new ChangeSourceException("replication slot " + table.slotName() + " on " + table.hostname() + ":" + table.port()
            + " is in use by another process; is the product running elsewhere?");
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ChangeSourceException("interrupted while waiting for replication slot " + table.slotName(), e);
      }
    }
  }

  /**
   * The publication of the slot's name that holds only the captured table, as Debezium makes it
   * ({@code publication.autocreate.mode=filtered}), unless it exists. Made before the slot, so that
   * decoding the slot's first changes finds it.
   */
  private static void createPublication(Connection connection, PostgresTable table) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_publication WHERE pubname = ?")) {
      query.setString(1, table.slotName());
      try (ResultSet row = query.executeQuery()) {
        if (row.next()) {
          return;
        }
      }
    }
    try (var statement = connection.createStatement()) {
      statement.execute("CREATE PUBLICATION " + PostgresIdentifiers.quoted(table.slotName()) + " FOR TABLE "
          + PostgresIdentifiers.quoted(table.schema()) + "." + PostgresIdentifiers.quoted(table.table()));
    }
  }

  /** Creates the slot (pgoutput) unless it exists: from now on the server keeps every change for it. */
  public static void create(PostgresTable table) {
    if (status(table).isPresent()) {
      return;
    }
    try (Connection connection = connect(table);
        PreparedStatement create = connection.prepareStatement("SELECT pg_create_logical_replication_slot(?, 'pgoutput')")) {
      createPublication(connection, table);
      create.setString(1, table.slotName());
      create.execute();
    } catch (SQLException e) {
      throw failure(table, "create the replication slot", e);
    }
  }

  /**
   * Drops the slot and the publication of the same name.
   *
   * @return whether there was a slot to drop
   * @throws ChangeSourceException when a product is streaming from the slot now
   */
  public static boolean drop(PostgresTable table) {
    Optional<SlotStatus> slot = status(table);
    if (slot.isPresent() && slot.get().active()) {
      throw new ChangeSourceException("replication slot " + table.slotName() + " on " + table.hostname() + ":" + table.port()
          + " is in use by a running product; stop it first");
    }
    try (Connection connection = connect(table)) {
      if (slot.isPresent()) {
        try (PreparedStatement drop = connection.prepareStatement("SELECT pg_drop_replication_slot(?)")) {
          drop.setString(1, table.slotName());
          drop.execute();
        }
      }
      try (var statement = connection.createStatement()) {
        statement.execute("DROP PUBLICATION IF EXISTS \"" + table.slotName() + "\"");
      }
      return slot.isPresent();
    } catch (SQLException e) {
      throw failure(table, "drop the replication slot", e);
    }
  }

  private static Connection connect(PostgresTable table) throws SQLException {
    return DriverManager.getConnection(
        "jdbc:postgresql://" + table.hostname() + ":" + table.port() + "/" + table.database(), table.username(), table.password());
  }

  private static ChangeSourceException failure(PostgresTable table, String what, SQLException e) {
    return new ChangeSourceException("cannot " + what + " " + table.slotName() + " on " + table.hostname() + ":" + table.port()
        + ": " + e.getMessage(), e);
  }
}
