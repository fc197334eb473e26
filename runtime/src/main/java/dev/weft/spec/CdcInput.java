package dev.weft.spec;

import java.util.List;

/**
 * Change data capture from a database table: an initial snapshot of its rows, then every insert,
 * update and delete. Credentials stay as {@code ${env:…}}/{@code ${secret:…}} references until the
 * product runs.
 *
 * @param table {@code schema.table}
 * @param primaryKey the table's primary key: changes are applied per key
 * @param columns the columns read from each row; others, and columns added later, are ignored
 */
public record CdcInput(
    String name,
    String connector,
    String url,
    String table,
    String username,
    String password,
    List<String> primaryKey,
    List<ColumnSpec> columns,
    Position position)
    implements InputSpec {

  public CdcInput {
    primaryKey = List.copyOf(primaryKey);
    columns = List.copyOf(columns);
  }
}
