package dev.weft.catalog.health;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a running product's dead-letter topic received since its last report: how many letters
 * each rule got, and the latest few letters of each rule as the topic holds them, without the raw
 * input (the record is the published form, its PII columns masked as on the topic). A letter that
 * broke several rules counts for each.
 *
 * @param timestamp the end of the interval, an ISO-8601 instant
 * @param counts letters per rule name ({@code parse} for records that could not be read)
 */
public record DeadLetterReport(String timestamp, Map<String, Long> counts, List<Letter> latest) {
  /** Most letters a report may carry per rule; the catalog keeps as many per rule. */
  public static final int LATEST_PER_RULE = 5;

  /**
   * @param source where the input record was read, {@code topic/partition@offset}, or null when
   *     the transform does not keep one input record per output row
   * @param record the record as published (JSON, PII masked), or null when it could not be parsed
   */
  public record Letter(String rule, String reason, String failedAt, String source, String record) {}

  public DeadLetterReport {
    counts = counts == null ? Map.of() : Map.copyOf(counts);
    latest = latest == null ? List.of() : List.copyOf(latest);
  }

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (timestamp == null) {
      problems.add("timestamp: missing");
    } else if (Instants.parseOrNull(timestamp) == null) {
      problems.add("timestamp: must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was '" + timestamp + "'");
    }
    counts.forEach((rule, count) -> {
      if (rule.isBlank()) {
        problems.add("counts: a rule name is blank");
      }
      if (count == null || count < 0) {
        problems.add("counts." + rule + ": must be a whole number from 0, was " + count);
      }
    });
    for (int i = 0; i < latest.size(); i++) {
      Letter letter = latest.get(i);
      if (letter == null || letter.rule() == null || !counts.containsKey(letter.rule())) {
        problems.add("latest[" + i + "].rule: must be one of the rules counted");
      } else if (letter.failedAt() == null || Instants.parseOrNull(letter.failedAt()) == null) {
        problems.add("latest[" + i + "].failedAt: must be an ISO-8601 instant, was '" + letter.failedAt() + "'");
      }
    }
    counts.keySet().forEach(rule -> {
      long letters = latest.stream().filter(l -> l != null && rule.equals(l.rule())).count();
      if (letters > LATEST_PER_RULE) {
        problems.add("latest: at most " + LATEST_PER_RULE + " letters per rule, " + rule + " has " + letters);
      }
    });
    return problems;
  }
}
