package dev.weft.cli;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A query result as the Trino CLI shows it: a header, aligned columns (numbers to the right),
 * NULL for nulls, and the row count.
 */
record ResultTable(List<String> columns, List<Boolean> numeric, List<List<String>> rows) {
  private static final Set<Integer> NUMBERS = Set.of(Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL,
      Types.FLOAT, Types.DOUBLE, Types.DECIMAL, Types.NUMERIC);

  /** Reads every row; values as the driver writes them ({@code getString}), as Trino would print them. */
  static ResultTable read(ResultSet result) throws SQLException {
    ResultSetMetaData meta = result.getMetaData();
    List<String> columns = new ArrayList<>();
    List<Boolean> numeric = new ArrayList<>();
    for (int i = 1; i <= meta.getColumnCount(); i++) {
      columns.add(meta.getColumnLabel(i));
      numeric.add(NUMBERS.contains(meta.getColumnType(i)));
    }
    List<List<String>> rows = new ArrayList<>();
    while (result.next()) {
      List<String> row = new ArrayList<>();
      for (int i = 1; i <= columns.size(); i++) {
        String value = result.getString(i);
        row.add(value == null ? "NULL" : value);
      }
      rows.add(row);
    }
    return new ResultTable(columns, numeric, rows);
  }

  String format() {
    int[] widths = new int[columns.size()];
    for (int c = 0; c < widths.length; c++) {
      widths[c] = columns.get(c).length();
      for (List<String> row : rows) {
        widths[c] = Math.max(widths[c], row.get(c).length());
      }
    }
    StringBuilder out = new StringBuilder();
    line(out, columns, widths, false);
    for (int c = 0; c < widths.length; c++) {
      out.append(c == 0 ? "" : "+").append("-".repeat(widths[c] + 2));
    }
    out.append('\n');
    rows.forEach(row -> line(out, row, widths, true));
    out.append('(').append(rows.size()).append(rows.size() == 1 ? " row)" : " rows)").append('\n');
    return out.toString();
  }

  private void line(StringBuilder out, List<String> cells, int[] widths, boolean alignNumbers) {
    StringBuilder line = new StringBuilder();
    for (int c = 0; c < widths.length; c++) {
      String cell = cells.get(c);
      String padding = " ".repeat(widths[c] - cell.length());
      boolean right = alignNumbers && numeric.get(c);
      line.append(c == 0 ? " " : " | ").append(right ? padding + cell : cell + padding);
    }
    out.append(line.toString().stripTrailing()).append('\n');
  }
}
