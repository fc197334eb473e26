package dev.weft.jobs.sink;

import java.time.LocalDate;

/**
 * The text of {@code DateTimeFormatter.ISO_LOCAL_DATE} and {@code ISO_LOCAL_DATE_TIME} for years 0
 * to 9999 (four digits, no sign), written into a char array without the formatter's per-call
 * objects: seconds always, a fraction only when the nanoseconds are not zero, without its trailing
 * zeros. Other years are left to the formatter (the caller checks {@link #fits}).
 */
final class DateTimeText {
  /** The longest date-time: 2026-12-08T01:02:03.123456789 */
  static final int MAX_DATE_TIME = 29;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private DateTimeText() {}

  static boolean fits(LocalDate date) {
    return date.getYear() >= 0 && date.getYear() <= 9999;
  }

  /** yyyy-MM-dd at 0. */
  static void date(char[] text, LocalDate date) {
    int year = date.getYear();
    twoDigits(text, 0, year / 100);
    twoDigits(text, 2, year % 100);
    text[4] = '-';
    twoDigits(text, 5, date.getMonthValue());
    text[7] = '-';
    twoDigits(text, 8, date.getDayOfMonth());
  }

  /**
   * The UTC date-time of an instant at 0, as TimestampData's toLocalDateTime and toInstant see it;
   * its length, or -1 when its year does not fit.
   */
  static int dateTime(char[] text, long epochMillis, int nanoOfMillisecond) {
    LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(epochMillis, MILLIS_PER_DAY));
    if (!fits(date)) {
      return -1;
    }
    date(text, date);
    text[10] = 'T';
    int millisOfDay = (int) Math.floorMod(epochMillis, MILLIS_PER_DAY);
    int seconds = millisOfDay / 1000;
    twoDigits(text, 11, seconds / 3600);
    text[13] = ':';
    twoDigits(text, 14, seconds / 60 % 60);
    text[16] = ':';
    twoDigits(text, 17, seconds % 60);
    int nanos = millisOfDay % 1000 * 1_000_000 + nanoOfMillisecond;
    if (nanos == 0) {
      return 19;
    }
    text[19] = '.';
    int length = 20;
    for (int divisor = 100_000_000; nanos > 0; divisor /= 10) {
      text[length++] = (char) ('0' + nanos / divisor);
      nanos %= divisor;
    }
    return length;
  }

  static void twoDigits(char[] text, int at, int value) {
    text[at] = (char) ('0' + value / 10);
    text[at + 1] = (char) ('0' + value % 10);
  }
}
