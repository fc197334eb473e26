package dev.weft.spec;

import dev.weft.catalog.schema.CompatibilityMode;
import java.util.List;
import java.util.Optional;

/**
 * The published schema: columns in order, the primary key that makes the product an upsert one,
 * and which changes later versions of its major may make.
 *
 * @param position where {@code schema} stands in the spec
 */
public record SchemaSpec(List<String> primaryKey, Position primaryKeyPosition, List<ColumnSpec> columns, CompatibilityMode compatibility,
    Position position) {

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
