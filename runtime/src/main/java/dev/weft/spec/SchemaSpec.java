package dev.weft.spec;

import java.util.List;
import java.util.Optional;

/** The published schema: columns in order, and the primary key that makes the product an upsert one. */
public record SchemaSpec(List<String> primaryKey, Position primaryKeyPosition, List<ColumnSpec> columns) {

  public SchemaSpec {
    primaryKey = List.copyOf(primaryKey);
    columns = List.copyOf(columns);
  }

  public boolean upsert() {
    return !primaryKey.isEmpty();
  }

  public Optional<ColumnSpec> column(String name) {
    return columns.stream().filter(c -> c.name().equals(name)).findFirst();
  }
}
