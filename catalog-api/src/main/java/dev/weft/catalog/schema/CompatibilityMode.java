package dev.weft.catalog.schema;

import java.util.Locale;
import java.util.Optional;

/**
 * Which schema changes a product accepts within one major version, as Confluent's Schema Registry
 * names them: whoever reads with one version must be able to read what the other published.
 */
public enum CompatibilityMode {
  /** Consumers that move to the new version read everything published under the previous one (the default). */
  BACKWARD,
  /** Consumers still on the previous version read everything the new one publishes. */
  FORWARD,
  /** Both. */
  FULL,
  /** Nothing is checked. */
  NONE;

  public static final CompatibilityMode DEFAULT = BACKWARD;

  /** As the spec and the catalog's JSON write it: {@code backward}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<CompatibilityMode> parse(String text) {
    for (CompatibilityMode mode : values()) {
      if (mode.text().equals(text)) {
        return Optional.of(mode);
      }
    }
    return Optional.empty();
  }

  boolean newReadsOld() {
    return this == BACKWARD || this == FULL;
  }

  boolean oldReadsNew() {
    return this == FORWARD || this == FULL;
  }
}
