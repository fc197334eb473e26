package dev.weft.verify;

import java.util.Optional;

/**
 * One place where a product's topic and table disagree.
 *
 * @param at the key (upsert products, as JSON of the key columns) or the origin of the topic record
 *     (append products, {@code topic/partition@offset}); for a table row the topic lacks in an append
 *     product, which carries no origin, the row itself
 * @param origin the input record the topic's row came from, where the topic holds one that carries it
 * @param topicRow the row as the topic holds it, if it does
 * @param tableRow the row as the table holds it, if it does
 */
public record Difference(Kind kind, String at, Optional<Origin> origin, Optional<String> topicRow, Optional<String> tableRow) {

  public enum Kind {
    /** The topic holds the row (or, for an upsert product, its key), the table does not. */
    NOT_IN_TABLE("not in the table"),
    /** The table holds the row (or key), the topic does not. */
    NOT_ON_TOPIC("not on the topic"),
    /** Both hold the key, with different rows (upsert products). */
    DIFFERENT("different"),
    /** The same input record was published to the topic more than once with the same row. */
    PUBLISHED_TWICE("published twice"),
    /** The table holds more than one row for the key (upsert products). */
    KEY_TWICE_IN_TABLE("key twice in table");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** One line for an operator: what, where, and the rows each side holds. */
  public String describe() {
    StringBuilder line = new StringBuilder(kind.label()).append(": ").append(at);
    origin.filter(o -> !o.toString().equals(at)).ifPresent(o -> line.append(" (from ").append(o).append(')'));
    topicRow.ifPresent(row -> line.append("  topic ").append(row));
    tableRow.ifPresent(row -> line.append("  table ").append(row));
    return line.toString();
  }
}
