package dev.weft.plan;

import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time range one batch run covers: from the previous time of the product's cron to this one.
 * A transform refers to it as {@code ${window.start}} and {@code ${window.end}}, which become
 * TIMESTAMP_LTZ(3) values, so that a run computes just the partitions of its window.
 */
public record BatchWindow(Instant start, Instant end) {
  public static final String START = "${window.start}";
  public static final String END = "${window.end}";
  /** Any {@code ${window.…}} reference, known or not. */
  static final Pattern REFERENCE = Pattern.compile("\\$\\{window\\.([^}]*)}");

  /** Planned in place of a real window: values no run has, so the SQL can be planned and the references put back. */
  static final BatchWindow PLANNING = new BatchWindow(Instant.ofEpochMilli(-1_111_111_111_111L), Instant.ofEpochMilli(-1_111_111_111_110L));

  public BatchWindow {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("a window ends after it starts: " + start + " .. " + end);
    }
  }

  /** The SQL with this window's values for its references. */
  public String applyTo(String sql) {
    return sql.replace(START, literal(start)).replace(END, literal(end));
  }

  /** The SQL with the references back where {@link #PLANNING}'s values stand. */
  static String references(String plannedSql) {
    return plannedSql.replace(literal(PLANNING.start), START).replace(literal(PLANNING.end), END);
  }

  public static boolean isReferencedIn(String sql) {
    return REFERENCE.matcher(sql).find();
  }

  /** The first reference that is neither start nor end, if any. */
  static java.util.Optional<String> unknownReference(String sql) {
    Matcher m = REFERENCE.matcher(sql);
    while (m.find()) {
      if (!m.group(1).equals("start") && !m.group(1).equals("end")) {
        return java.util.Optional.of(m.group());
      }
    }
    return java.util.Optional.empty();
  }

  private static String literal(Instant at) {
    return "TO_TIMESTAMP_LTZ(" + at.toEpochMilli() + ", 3)";
  }

  @Override
  public String toString() {
    return start + " .. " + end;
  }
}
