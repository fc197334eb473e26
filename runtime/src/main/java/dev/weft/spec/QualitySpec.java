package dev.weft.spec;

import java.util.List;

/** Quality rules, what to do with a record that breaks one, and the valid ratio the product promises. */
public record QualitySpec(List<QualityRule> rules, OnViolation onViolation, double minValidRatio) {
  public static final double DEFAULT_MIN_VALID_RATIO = 0.0;

  public QualitySpec {
    rules = List.copyOf(rules);
  }

  public static QualitySpec none() {
    return new QualitySpec(List.of(), OnViolation.DEAD_LETTER, DEFAULT_MIN_VALID_RATIO);
  }
}
