package dev.weft.catalog.schema;

/**
 * One difference between a product's previous and new published schema that its compatibility
 * mode does not allow.
 *
 * @param column the column it concerns; for a primary key change, null
 * @param message what changed and who it breaks, e.g. {@code column 'total' dropped: consumers of 1.2.0 read it}
 */
public record SchemaChange(Kind kind, String column, String message) {

  public enum Kind { COLUMN_DROPPED, COLUMN_ADDED_NOT_NULL, TYPE_NARROWED, TYPE_WIDENED, TYPE_CHANGED, NULLABILITY_TIGHTENED,
    NULLABILITY_RELAXED, PRIMARY_KEY_CHANGED }
}
