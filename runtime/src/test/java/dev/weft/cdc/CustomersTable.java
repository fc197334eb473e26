package dev.weft.cdc;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A customers table in a real PostgreSQL or MariaDB database, changed by the test while a product captures it. */
final class CustomersTable {
  static final Instant START = Instant.parse("2026-11-20T08:00:00Z");
  private final Database database;
  private final String table;
  private final boolean mysql;

  /** Opens connections to the database the table is in. */
  interface Database {
    Connection connect() throws SQLException;
  }

  private CustomersTable(Database database, String table, boolean mysql) {
    this.database = database;
    this.table = table;
    this.mysql = mysql;
  }

  static CustomersTable postgres(String url, String table) {
    return new CustomersTable(() -> DriverManager.getConnection(url, "postgres", ""), table, false);
  }

  static CustomersTable mysql(Database database, String table) {
    return new CustomersTable(database, table, true);
  }

  Connection connect() throws SQLException {
    return database.connect();
  }

  void execute(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  /** The first column of the first row of a query. */
  String query(String sql) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getString(1);
    }
  }

  void create() throws SQLException {
    execute("DROP TABLE IF EXISTS " + table);
    execute("CREATE TABLE " + table + " (customer_id BIGINT PRIMARY KEY, email TEXT, tier TEXT, credit NUMERIC(10,2), "
        + "updated_at " + (mysql ? "TIMESTAMP(3)" : "TIMESTAMPTZ") + " NOT NULL)");
    if (!mysql) {
      execute("ALTER TABLE " + table + " REPLICA IDENTITY FULL");
    }
  }

  void insert(int fromId, int toIdExclusive) throws SQLException {
    try (Connection c = connect(); PreparedStatement insert = c.prepareStatement(
        "INSERT INTO " + table + " (customer_id, email, tier, credit, updated_at) VALUES (?, ?, ?, ?, ?)")) {
      for (int id = fromId; id < toIdExclusive; id++) {
        insert.setLong(1, id);
        insert.setString(2, "Customer" + id + "@Shop.Example");
        insert.setString(3, switch (id % 3) { case 0 -> "gold"; case 1 -> "silver"; default -> "bronze"; });
        insert.setBigDecimal(4, BigDecimal.valueOf(id % 1000, 2).add(BigDecimal.TEN));
        insert.setTimestamp(5, Timestamp.from(START.plusSeconds(id)));
        insert.addBatch();
      }
      insert.executeBatch();
    }
  }

  void update(int fromId, int toIdExclusive) throws SQLException {
    String email = mysql ? "CONCAT('Moved', customer_id, '@Shop.Example')" : "'Moved' || customer_id || '@Shop.Example'";
    String dayLater = mysql ? "updated_at + INTERVAL 1 DAY" : "updated_at + INTERVAL '1 day'";
    execute("UPDATE " + table + " SET tier = 'platinum', credit = credit + 1.25, email = " + email + ", "
        + "updated_at = " + dayLater + " WHERE customer_id >= " + fromId + " AND customer_id < " + toIdExclusive);
  }

  void delete(int fromId, int toIdExclusive) throws SQLException {
    execute("DELETE FROM " + table + " WHERE customer_id >= " + fromId + " AND customer_id < " + toIdExclusive);
  }

  /** The rows the product should publish, as {@link CustomerRow}s: the transform lower-cases emails, upper-cases tiers. */
  List<CustomerRow> expectedRows() throws SQLException {
    List<CustomerRow> rows = new ArrayList<>();
    try (Connection c = connect(); Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT customer_id, email, tier, credit, updated_at FROM " + table + " ORDER BY customer_id")) {
      while (r.next()) {
        rows.add(new CustomerRow(r.getLong(1), r.getString(2).toLowerCase(java.util.Locale.ROOT),
            r.getString(3).toUpperCase(java.util.Locale.ROOT), r.getBigDecimal(4), r.getTimestamp(5).toInstant()));
      }
    }
    return rows;
  }
}
