package dev.weft.execute;

import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.source.cdc.MySqlTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Checks, before a product with a MySQL (or MariaDB) CDC input starts: the server is reachable,
 * the credentials work, the binlog is on in ROW format with full row images, the user may read
 * it, and the table exists with the declared primary key and columns.
 */
final class MySqlPreflight {
  private static final int CONNECT_TIMEOUT_MILLIS = 10_000;
  /** information_schema DATA_TYPEs each declared column type may be read from. */
  private static final Map<String, Set<String>> READABLE_FROM = Map.ofEntries(
      Map.entry("BOOLEAN", Set.of("tinyint", "bit")),
      Map.entry("SMALLINT", Set.of("tinyint", "smallint")),
      Map.entry("INTEGER", Set.of("tinyint", "smallint", "mediumint", "int")),
      Map.entry("BIGINT", Set.of("tinyint", "smallint", "mediumint", "int", "bigint")),
      Map.entry("FLOAT", Set.of("float")),
      Map.entry("DOUBLE", Set.of("float", "double")),
      Map.entry("DECIMAL", Set.of("decimal", "tinyint", "smallint", "mediumint", "int", "bigint")),
      Map.entry("VARCHAR", Set.of("char", "varchar", "tinytext", "text", "mediumtext", "longtext", "enum", "set", "json")),
      Map.entry("CHAR", Set.of("char")),
      Map.entry("DATE", Set.of("date")),
      Map.entry("TIMESTAMP", Set.of("datetime", "timestamp")),
      Map.entry("TIMESTAMP_LTZ", Set.of("datetime", "timestamp")),
      Map.entry("VARBINARY", Set.of("binary", "varbinary", "tinyblob", "blob", "mediumblob", "longblob")));
  /** The settings the binlog must have. */
  private static final Map<String, String> BINLOG_SETTINGS = Map.of(
      "binlog_format", "ROW",
      "binlog_row_image", "FULL");

  private MySqlPreflight() {}

  /** @throws ChangeSourceException with what is wrong and what to change */
  static void check(ProductPlan plan, InputPlan input, MySqlTable table) {
    String where = "MySQL at " + table.hostname() + ":" + table.port();
    String prefix = "product " + plan.product() + ", input '" + input.name() + "': ";
    try (Connection connection = connect(table, where, prefix)) {
      if (!TableShape.single(connection, "SELECT @@log_bin").equals("1")) {
        throw new ChangeSourceException(prefix + where + " does not write a binlog, but CDC reads it: start the server with "
            + "log_bin (e.g. log-bin = mysql-bin, binlog_format = ROW and server_id = 1 in my.cnf)");
      }
      for (var setting : BINLOG_SETTINGS.entrySet()) {
        String actual = TableShape.single(connection, "SELECT @@" + setting.getKey());
        if (!actual.equalsIgnoreCase(setting.getValue())) {
          throw new ChangeSourceException(prefix + where + " has " + setting.getKey() + " = " + actual + ", but CDC needs "
              + setting.getValue() + ": SET GLOBAL " + setting.getKey() + " = " + setting.getValue() + " (and put it in my.cnf)");
        }
      }
      try (Statement statement = connection.createStatement()) {
        statement.executeQuery("SHOW MASTER STATUS").close();
      } catch (SQLException e) {
        throw new ChangeSourceException(prefix + "user '" + table.username() + "' may not read the binlog of " + where
            + ": GRANT REPLICATION SLAVE, REPLICATION CLIENT ON *.* TO '" + table.username() + "'", e);
      }
      Map<String, String> columns = columns(connection, table);
      if (columns.isEmpty()) {
        throw new ChangeSourceException(prefix + "table " + table.qualifiedName() + " does not exist on " + where);
      }
      TableShape.check(prefix, table.qualifiedName(), columns, primaryKey(connection, table), input, READABLE_FROM);
    } catch (SQLException e) {
      throw new ChangeSourceException(prefix + "cannot inspect " + table.qualifiedName() + " on " + where + ": " + e.getMessage(), e);
    }
  }

  private static Connection connect(MySqlTable table, String where, String prefix) {
    Properties properties = new Properties();
    properties.setProperty("user", table.username());
    properties.setProperty("password", table.password());
    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_MILLIS));
    try {
      return DriverManager.getConnection("jdbc:mysql://" + table.hostname() + ":" + table.port() + "/", properties);
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String message = state.equals("28000")
          ? "cannot log in to " + where + " as user '" + table.username()
              + "': the server refused the user name or password; check the input's username and password"
          : state.startsWith("08")
              ? "cannot reach " + where + " (" + TableShape.rootMessage(e) + "); is the server running and the input's url right?"
              : "cannot connect to " + where + ": " + e.getMessage();
      throw new ChangeSourceException(prefix + message, e);
    }
  }

  private static Map<String, String> columns(Connection connection, MySqlTable table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT COLUMN_NAME, DATA_TYPE FROM information_schema.COLUMNS "
        + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION")) {
      query.setString(1, table.database());
      query.setString(2, table.table());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2).toLowerCase(java.util.Locale.ROOT));
        }
      }
    }
    return columns;
  }

  private static List<String> primaryKey(Connection connection, MySqlTable table) throws SQLException {
    List<String> key = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement("SELECT COLUMN_NAME FROM information_schema.KEY_COLUMN_USAGE "
        + "WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ? AND CONSTRAINT_NAME = 'PRIMARY' ORDER BY ORDINAL_POSITION")) {
      query.setString(1, table.database());
      query.setString(2, table.table());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          key.add(rows.getString(1));
        }
      }
    }
    return key;
  }
}
