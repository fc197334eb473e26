package dev.weft.catalog.health;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** ISO-8601 instants as the API writes them; an offset other than Z is accepted too. */
public final class Instants {
  private Instants() {}

  public static Instant parseOrNull(String text) {
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException | NullPointerException e) {
      return null;
    }
  }
}
