package dev.weft.plan;

/**
 * An input column that a published column is computed from: column-level lineage.
 *
 * @param input the input's name in the spec
 * @param derived whether the value is computed from it (an expression, an aggregate) rather than
 *     copied as it is
 */
public record SourceColumn(String input, String column, boolean derived) {
  @Override
  public String toString() {
    return input + "." + column + (derived ? " (derived)" : "");
  }
}
