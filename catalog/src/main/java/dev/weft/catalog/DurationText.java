package dev.weft.catalog;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Durations as specs and query parameters write them (a whole number and one unit, {@code 60s},
 * {@code 7d}), and as people read them ({@code 36 d 4 h}).
 */
public final class DurationText {
  private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})(ms|s|m|h|d)");

  private DurationText() {}

  /** The duration, or null if {@code text} is not a whole number followed by ms, s, m, h or d. */
  public static Duration parseOrNull(String text) {
    var matcher = text == null ? null : DURATION.matcher(text.trim());
    if (matcher == null || !matcher.matches()) {
      return null;
    }
    long amount = Long.parseLong(matcher.group(1));
    return switch (matcher.group(2)) {
      case "ms" -> Duration.ofMillis(amount);
      case "s" -> Duration.ofSeconds(amount);
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      default -> Duration.ofDays(amount);
    };
  }

  /** Seconds as the spec's units would say them: {@code 90s}, {@code 2h}, {@code 7d}. */
  public static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (seconds != 0 && seconds % 86400 == 0) {
      return seconds / 86400 + "d";
    }
    if (seconds != 0 && seconds % 3600 == 0) {
      return seconds / 3600 + "h";
    }
    return seconds + "s";
  }

  /**
   * For people: the two largest units that are not zero, from days down to seconds ({@code 36 d 4 h},
   * {@code 1 m 35 s}, {@code 12 s}, {@code 2 h}); the rest is cut off, not rounded.
   */
  public static String forPeople(Duration duration) {
    long seconds = Math.abs(duration.getSeconds());
    long[] amounts = {seconds / 86400, seconds % 86400 / 3600, seconds % 3600 / 60, seconds % 60};
    String[] units = {"d", "h", "m", "s"};
    StringBuilder text = new StringBuilder(duration.isNegative() ? "-" : "");
    int shown = 0;
    for (int i = 0; i < amounts.length && shown < 2; i++) {
      if (amounts[i] != 0) {
        text.append(shown == 0 ? "" : " ").append(amounts[i]).append(' ').append(units[i]);
        shown++;
      } else if (shown > 0) {
        break;
      }
    }
    return shown == 0 ? "0 s" : text.toString();
  }
}
