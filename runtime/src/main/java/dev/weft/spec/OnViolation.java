package dev.weft.spec;

import java.util.Arrays;
import java.util.Optional;

/** What happens to a record that breaks a quality rule. */
public enum OnViolation {
  /** Published to the product's dead-letter topic with the rules it broke. */
  DEAD_LETTER("dead-letter"),
  /** Dropped, counted as rejected. */
  DROP("drop"),
  /** Fails the job: nothing after it is published until the input is fixed. */
  FAIL("fail");

  private final String specValue;

  OnViolation(String specValue) {
    this.specValue = specValue;
  }

  public String specValue() {
    return specValue;
  }

  public static Optional<OnViolation> fromSpec(String value) {
    return Arrays.stream(values()).filter(v -> v.specValue.equals(value)).findFirst();
  }
}
