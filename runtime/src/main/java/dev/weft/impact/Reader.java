package dev.weft.impact;

import java.util.List;

/**
 * One reader a change may touch (a downstream product, a consumer group, a Trino reader domain),
 * with what it reads and, when the change breaks it, why.
 *
 * @param breaks how the change breaks it, one line per reason; empty when it does not
 */
public record Reader(String name, String reads, List<String> breaks) {
  public Reader {
    breaks = List.copyOf(breaks);
  }

  public boolean broken() {
    return !breaks.isEmpty();
  }
}
