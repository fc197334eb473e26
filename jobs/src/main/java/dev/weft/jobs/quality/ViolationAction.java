package dev.weft.jobs.quality;

/** What {@link RuleSplitter} does with a record that broke a rule (the spec's {@code onViolation}). */
public enum ViolationAction {
  DEAD_LETTER,
  DROP,
  FAIL
}
