package dev.weft.catalog.impact;

import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.PublishedSchema;
import dev.weft.catalog.schema.SchemaChange;
import dev.weft.catalog.schema.SchemaCompatibility;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a new version changes in the schema its major publishes, against the version the catalog
 * holds: every change, whatever the compatibility mode allows, since a reader of a column is broken
 * by its drop or retype even where the mode lets the version through.
 *
 * @param changes every change to an existing column and to the primary key (in {@code full} mode's
 *     terms, which reports them all), in the new schema's column order
 * @param added columns the new version adds
 * @param refused the changes the catalog would refuse in the spec's own compatibility mode
 */
public record SchemaDifference(List<SchemaChange> changes, List<String> added, List<SchemaChange> refused) {
  private static final Set<SchemaChange.Kind> BREAK_A_READER = Set.of(SchemaChange.Kind.COLUMN_DROPPED, SchemaChange.Kind.TYPE_CHANGED,
      SchemaChange.Kind.TYPE_NARROWED, SchemaChange.Kind.TYPE_WIDENED);

  public SchemaDifference {
    changes = List.copyOf(changes);
    added = List.copyOf(added);
    refused = List.copyOf(refused);
  }

  public static SchemaDifference none() {
    return new SchemaDifference(List.of(), List.of(), List.of());
  }

  public static SchemaDifference between(ProductRegistration previous, PublishedSchema next) {
    PublishedSchema everyChange = new PublishedSchema(next.primaryKey(), next.columns(), "full");
    Set<String> before = previous.schema().columns().stream().map(Column::name).collect(Collectors.toSet());
    return new SchemaDifference(
        SchemaCompatibility.breakingChanges(previous.schema(), previous.version(), everyChange),
        next.columns().stream().map(Column::name).filter(c -> !before.contains(c)).toList(),
        SchemaCompatibility.breakingChanges(previous.schema(), previous.version(), next));
  }

  /** How the change breaks a reader of {@code column}: it is dropped or retyped. */
  public Optional<SchemaChange> breaking(String column) {
    return changes.stream().filter(c -> column.equals(c.column()) && BREAK_A_READER.contains(c.kind())).findFirst();
  }

  /** What breaks a reader of whole records, whose columns are not known: any drop or retype, or a new primary key. */
  public List<SchemaChange> breakingWholeRecords() {
    return changes.stream().filter(c -> BREAK_A_READER.contains(c.kind()) || c.kind() == SchemaChange.Kind.PRIMARY_KEY_CHANGED).toList();
  }

  /** A change as one line: its message up to the reason. */
  public static String what(SchemaChange change) {
    int reason = change.message().indexOf(": ");
    return reason < 0 ? change.message() : change.message().substring(0, reason);
  }
}
