package dev.weft.catalog.schema;

import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.PublishedSchema;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The changes from a product's previous published schema to its next one that the next one's
 * compatibility mode does not allow, each named. In the modes' terms (as Confluent's Schema
 * Registry has them): a reader on the new schema must read what the previous one published
 * ({@code backward}), a reader on the previous one must read what the new one publishes
 * ({@code forward}), or both ({@code full}). A changed primary key changes what a record is, and
 * breaks every mode but {@code none}. Columns are matched by name: a rename is a drop and an add.
 */
public final class SchemaCompatibility {
  private SchemaCompatibility() {}

  /**
   * @param previousVersion the version {@code previous} was published as, for the messages
   * @return the breaking changes in the new schema's column order (dropped columns first, then the
   *     primary key), empty when compatible
   */
  public static List<SchemaChange> breakingChanges(PublishedSchema previous, String previousVersion, PublishedSchema next) {
    CompatibilityMode mode = mode(next);
    if (mode == CompatibilityMode.NONE) {
      return List.of();
    }
    String readers = "consumers of " + previousVersion;
    Map<String, Column> before = byName(previous.columns());
    Map<String, Column> after = byName(next.columns());
    List<SchemaChange> changes = new ArrayList<>();
    for (Column old : previous.columns()) {
      if (!after.containsKey(old.name()) && mode.oldReadsNew()) {
        changes.add(new SchemaChange(SchemaChange.Kind.COLUMN_DROPPED, old.name(),
            "column '" + old.name() + "' dropped: " + readers + " read it"));
      }
    }
    for (Column column : next.columns()) {
      Column old = before.get(column.name());
      if (old == null) {
        if (!column.mayBeNull() && mode.newReadsOld()) {
          changes.add(new SchemaChange(SchemaChange.Kind.COLUMN_ADDED_NOT_NULL, column.name(), "column '" + column.name()
              + "' added as NOT NULL: what " + previousVersion + " published has no value for it; add it nullable"));
        }
        continue;
      }
      typeChange(old, column, mode, previousVersion).ifPresent(changes::add);
      if (old.mayBeNull() && !column.mayBeNull() && mode.newReadsOld()) {
        changes.add(new SchemaChange(SchemaChange.Kind.NULLABILITY_TIGHTENED, column.name(),
            "column '" + column.name() + "' made NOT NULL: " + previousVersion + " published NULLs in it"));
      } else if (!old.mayBeNull() && column.mayBeNull() && mode.oldReadsNew()) {
        changes.add(new SchemaChange(SchemaChange.Kind.NULLABILITY_RELAXED, column.name(),
            "column '" + column.name() + "' made nullable: " + readers + " expect a value in every record"));
      }
    }
    if (!previous.primaryKey().equals(next.primaryKey())) {
      changes.add(new SchemaChange(SchemaChange.Kind.PRIMARY_KEY_CHANGED, null, "primary key changed from " + key(previous)
          + " to " + key(next) + ": records are keyed, compacted and upserted by it"));
    }
    return changes;
  }

  /** The mode a schema asks for: its own, or {@link CompatibilityMode#DEFAULT}. */
  public static CompatibilityMode mode(PublishedSchema schema) {
    return schema.compatibility() == null ? CompatibilityMode.DEFAULT
        : CompatibilityMode.parse(schema.compatibility()).orElseThrow(() -> new IllegalArgumentException(
            "schema.compatibility: must be one of backward, forward, full, none, was '" + schema.compatibility() + "'"));
  }

  private static Optional<SchemaChange> typeChange(Column old, Column column, CompatibilityMode mode, String previousVersion) {
    if (ColumnTypes.normalized(old.type()).equals(ColumnTypes.normalized(column.type()))) {
      return Optional.empty();
    }
    String what = "column '" + column.name() + "' changed from " + old.type() + " to " + column.type();
    boolean widened = ColumnTypes.holds(column.type(), old.type());
    boolean narrowed = ColumnTypes.holds(old.type(), column.type());
    if (widened && !mode.oldReadsNew()) {
      return Optional.empty();
    }
    if (narrowed && !mode.newReadsOld()) {
      return Optional.empty();
    }
    if (widened) {
      return Optional.of(new SchemaChange(SchemaChange.Kind.TYPE_WIDENED, column.name(),
          what + " (widened): consumers of " + previousVersion + " cannot hold every value of " + column.type()));
    }
    if (narrowed) {
      return Optional.of(new SchemaChange(SchemaChange.Kind.TYPE_NARROWED, column.name(),
          what + " (narrowed): not every value " + previousVersion + " published fits " + column.type()));
    }
    return Optional.of(new SchemaChange(SchemaChange.Kind.TYPE_CHANGED, column.name(),
        what + ": neither type holds every value of the other"));
  }

  private static Map<String, Column> byName(List<Column> columns) {
    Map<String, Column> byName = new LinkedHashMap<>();
    for (Column column : columns) {
      byName.put(column.name(), column);
    }
    return byName;
  }

  private static String key(PublishedSchema schema) {
    return schema.primaryKey().isEmpty() ? "none" : "[" + String.join(", ", schema.primaryKey()) + "]";
  }
}
