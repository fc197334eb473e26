package dev.weft.execute;

import dev.weft.plan.FlinkTypes;
import dev.weft.plan.InputPlan;
import dev.weft.spec.ColumnSpec;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Whether a captured table has the primary key and the columns a CDC input declares, whatever the database. */
final class TableShape {
  private TableShape() {}

  /**
   * @param columns the table's column names and database type names, in table order
   * @param readableFrom per declared type family, the database types it can be read from
   * @throws ChangeSourceException naming the first mismatch
   */
  static void check(String prefix, String table, Map<String, String> columns, List<String> key, InputPlan input,
      Map<String, Set<String>> readableFrom) {
    if (key.isEmpty()) {
      throw new ChangeSourceException(prefix + "table " + table + " has no primary key; CDC applies updates and "
          + "deletes per key: ALTER TABLE " + table + " ADD PRIMARY KEY (" + String.join(", ", input.primaryKey()) + ")");
    }
    if (!key.equals(input.primaryKey())) {
      throw new ChangeSourceException(prefix + "primaryKey " + input.primaryKey() + " is not the primary key of " + table + ", which is " + key);
    }
    for (ColumnSpec column : input.columns()) {
      String actual = columns.get(column.name());
      if (actual == null) {
        throw new ChangeSourceException(prefix + "table " + table + " has no column '" + column.name()
            + "' (it has " + String.join(", ", columns.keySet()) + ")");
      }
      Set<String> readable = readableFrom.get(family(column));
      if (readable != null && !readable.contains(actual)) {
        throw new ChangeSourceException(prefix + "column '" + column.name() + "' is declared " + column.type() + ", but "
            + table + " has it as " + actual + "; declare a type it can be read as");
      }
    }
  }

  /** The declared type as a family name: BIGINT, DECIMAL, VARCHAR (STRING), TIMESTAMP, TIMESTAMP_LTZ … */
  private static String family(ColumnSpec column) {
    String root = FlinkTypes.logicalType(column).getTypeRoot().name();
    return switch (root) {
      case "TIMESTAMP_WITHOUT_TIME_ZONE" -> "TIMESTAMP";
      case "TIMESTAMP_WITH_LOCAL_TIME_ZONE" -> "TIMESTAMP_LTZ";
      case "BINARY" -> "VARBINARY";
      default -> root;
    };
  }

  static String single(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : "";
    }
  }

  static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage();
  }
}
