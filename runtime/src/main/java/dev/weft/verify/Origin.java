package dev.weft.verify;

import java.util.Comparator;
import java.util.Optional;

/** The input record a product record came from, as its {@code weft-origin} header names it: {@code topic/partition@offset}. */
public record Origin(String topic, int partition, long offset) implements Comparable<Origin> {
  private static final Comparator<Origin> ORDER =
      Comparator.comparing(Origin::topic).thenComparingInt(Origin::partition).thenComparingLong(Origin::offset);

  /** The origin a header value names, or empty when it is not one. */
  public static Optional<Origin> parse(String header) {
    int slash = header.lastIndexOf('/');
    int at = header.lastIndexOf('@');
    if (slash <= 0 || at < slash) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Origin(header.substring(0, slash), Integer.parseInt(header.substring(slash + 1, at)),
          Long.parseLong(header.substring(at + 1))));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  @Override
  public int compareTo(Origin other) {
    return ORDER.compare(this, other);
  }

  @Override
  public String toString() {
    return topic + "/" + partition + "@" + offset;
  }
}
