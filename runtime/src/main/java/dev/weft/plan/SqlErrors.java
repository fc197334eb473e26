package dev.weft.plan;

import dev.weft.spec.Position;
import dev.weft.spec.SpecProblem;
import dev.weft.spec.SqlText;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns Flink's SQL errors into spec problems: the position the parser or validator names, mapped
 * into the spec file, and the message without Flink's wrapping.
 */
final class SqlErrors {
  private static final Pattern POSITION = Pattern.compile("(?:at|From) line (\\d+), column (\\d+)");
  private static final Pattern RANGE_PREFIX =
      Pattern.compile("^From line \\d+, column \\d+ to line \\d+, column \\d+: ");
  private static final Pattern WRAPPER_PREFIX = Pattern.compile("^SQL (?:validation|parse) failed\\. ");

  private SqlErrors() {}

  /**
   * @param lineShift lines the SQL was moved down by inside a wrapping query
   */
  static SpecProblem problem(String what, SqlText text, int lineShift, Throwable error) {
    String message = innermostSqlMessage(error);
    Matcher at = POSITION.matcher(message);
    Position position = text.start();
    if (at.find()) {
      int line = Integer.parseInt(at.group(1)) - lineShift;
      if (line >= 1) {
        position = text.positionOf(line, Integer.parseInt(at.group(2)));
      }
    }
    return new SpecProblem(position, what + ": " + clean(message));
  }

  private static String innermostSqlMessage(Throwable error) {
    String best = error.getMessage() == null ? error.toString() : error.getMessage();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && POSITION.matcher(t.getMessage()).find()) {
        best = t.getMessage();
      }
    }
    return best;
  }

  static String clean(String message) {
    String first = message.strip().lines().findFirst().orElse("");
    first = WRAPPER_PREFIX.matcher(first).replaceFirst("");
    first = RANGE_PREFIX.matcher(first).replaceFirst("");
    first = first.replaceAll(" at line \\d+, column \\d+", "");
    return first.replaceAll("\\.$", "");
  }
}
