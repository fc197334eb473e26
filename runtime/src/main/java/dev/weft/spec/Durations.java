package dev.weft.spec;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as specs and flags write them: {@code 500ms}, {@code 5s}, {@code 10m}, {@code 1h}, {@code 7d}. */
public final class Durations {
  private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)");
  private static final long SECOND = 1_000;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;

  private Durations() {}

  /** The duration {@code text} names, or empty if it is not one (or does not fit in a long of milliseconds). */
  public static Optional<Duration> parse(String text) {
    Matcher m = DURATION.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    long unit = switch (m.group(2)) {
      case "ms" -> 1;
      case "s" -> SECOND;
      case "m" -> MINUTE;
      case "h" -> HOUR;
      default -> DAY;
    };
    try {
      // in milliseconds so that every parsed duration can be formatted (and stored) again
      return Optional.of(Duration.ofMillis(Math.multiplyExact(Long.parseLong(m.group(1)), unit)));
    } catch (NumberFormatException | ArithmeticException tooLong) {
      return Optional.empty();
    }
  }

  /** The shortest exact form: 7d, 90m, 1500ms. */
  public static String format(Duration duration) {
    long ms = duration.toMillis();
    if (ms == 0) return "0s";
    if (ms % DAY == 0) return ms / DAY + "d";
    if (ms % HOUR == 0) return ms / HOUR + "h";
    if (ms % MINUTE == 0) return ms / MINUTE + "m";
    if (ms % SECOND == 0) return ms / SECOND + "s";
    return ms + "ms";
  }

  /** For people, in its two largest units, whole: {@code 36 d 4 h}, {@code 3 min 20 s}, {@code 12 s}. */
  public static String forPeople(Duration duration) {
    long s = Math.max(0, duration.getSeconds());
    long[] sizes = {86_400, 3_600, 60, 1};
    String[] units = {"d", "h", "min", "s"};
    for (int i = 0; i < sizes.length - 1; i++) {
      if (s >= sizes[i]) {
        long rest = (s % sizes[i]) / sizes[i + 1];
        return s / sizes[i] + " " + units[i] + (rest == 0 ? "" : " " + rest + " " + units[i + 1]);
      }
    }
    return s + " s";
  }
}
