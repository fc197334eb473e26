package dev.weft.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Runs SQL on a Trino over trino-jdbc and returns whole results, for exact assertions. */
public final class TrinoQueries {
  private TrinoQueries() {}

  /** The rows of {@code sql} run as {@code user}, each as its values joined by " | " (none for a statement without a result). */
  public static List<String> rows(String jdbcUrl, String user, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection(jdbcUrl, user, null); Statement statement = connection.createStatement()) {
      List<String> rows = new ArrayList<>();
      if (!statement.execute(sql)) {
        return rows;
      }
      try (ResultSet result = statement.getResultSet()) {
        int columns = result.getMetaData().getColumnCount();
        while (result.next()) {
          List<String> values = new ArrayList<>();
          for (int i = 1; i <= columns; i++) {
            values.add(result.getString(i));
          }
          rows.add(String.join(" | ", values));
        }
      }
      return rows;
    }
  }
}
