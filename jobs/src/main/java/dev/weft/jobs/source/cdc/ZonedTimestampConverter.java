package dev.weft.jobs.source.cdc;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.debezium.table.DeserializationRuntimeConverter;
import org.apache.flink.cdc.debezium.table.DeserializationRuntimeConverterFactory;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * Debezium's {@code TIMESTAMPTZ} values (ISO strings such as {@code 2026-12-07T20:38:32.123456Z})
 * to {@code TIMESTAMP_LTZ}. Flink CDC parses each with {@code Instant.parse}, a general formatter
 * that took a seventh of the snapshot's source thread; this reads the fixed shape Debezium writes
 * digit by digit and leaves anything else to {@code Instant.parse}, so results and errors stay
 * Flink CDC's. Used only with a UTC server time zone, the one Weft's CDC sources use.
 */
final class ZonedTimestampConverter implements DeserializationRuntimeConverter {
  private static final long serialVersionUID = 1L;
  private static final int SECONDS_PER_DAY = 86_400;

  /** Converters for the deserializer: this one for {@code TIMESTAMP_LTZ}, Flink CDC's for the rest. */
  static final DeserializationRuntimeConverterFactory FACTORY = ZonedTimestampConverter::forType;

  private static Optional<DeserializationRuntimeConverter> forType(LogicalType type, ZoneId serverTimeZone) {
    return type instanceof LocalZonedTimestampType && serverTimeZone.normalized().equals(ZoneOffset.UTC)
        ? Optional.of(new ZonedTimestampConverter())
        : Optional.empty();
  }

  @Override
  public Object convert(Object value, Schema schema) {
    if (!(value instanceof String text)) {
      throw new IllegalArgumentException(
          "Unable to convert to TimestampData from unexpected value '" + value + "' of type " + value.getClass().getName());
    }
    return parse(text);
  }

  /** The instant as Flink CDC makes it: {@code TimestampData.fromLocalDateTime} of the UTC date-time. */
  static TimestampData parse(String text) {
    TimestampData fast = parseIsoShape(text);
    return fast != null ? fast : TimestampData.fromLocalDateTime(LocalDateTime.ofInstant(Instant.parse(text), ZoneOffset.UTC));
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f…]} then {@code Z} or {@code ±HH:MM[:SS]}, with 0 to 9 fraction
   * digits; null for any other text or an out-of-range field.
   */
  private static TimestampData parseIsoShape(String s) {
    int length = s.length();
    if (length < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
      return null;
    }
    int year = digits(s, 0, 4);
    int month = digits(s, 5, 2);
    int day = digits(s, 8, 2);
    int hour = digits(s, 11, 2);
    int minute = digits(s, 14, 2);
    int second = digits(s, 17, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month) || hour < 0 || hour > 23
        || minute < 0 || minute > 59 || second < 0 || second > 59) {
      return null;
    }
    int at = 19;
    int nanos = 0;
    if (s.charAt(at) == '.') {
      int start = ++at;
      while (at < length && at - start < 9 && isDigit(s.charAt(at))) {
        nanos = nanos * 10 + (s.charAt(at++) - '0');
      }
      if (at == start || (at < length && isDigit(s.charAt(at)))) {
        return null;
      }
      for (int i = at - start; i < 9; i++) {
        nanos *= 10;
      }
    }
    if (at >= length) {
      return null;
    }
    int offsetSeconds;
    char sign = s.charAt(at);
    if (sign == 'Z' && at + 1 == length) {
      offsetSeconds = 0;
    } else if ((sign == '+' || sign == '-') && (length - at == 6 || length - at == 9) && s.charAt(at + 3) == ':'
        && (length - at == 6 || s.charAt(at + 6) == ':')) {
      int offsetHours = digits(s, at + 1, 2);
      int offsetMinutes = digits(s, at + 4, 2);
      int offsetSecondsPart = length - at == 9 ? digits(s, at + 7, 2) : 0;
      if (offsetHours < 0 || offsetHours > 18 || offsetMinutes < 0 || offsetMinutes > 59 || offsetSecondsPart < 0 || offsetSecondsPart > 59) {
        return null;
      }
      offsetSeconds = offsetHours * 3600 + offsetMinutes * 60 + offsetSecondsPart;
      if (offsetSeconds > 18 * 3600) {
        return null;
      }
      offsetSeconds = sign == '-' ? -offsetSeconds : offsetSeconds;
    } else {
      return null;
    }
    long epochSecond = epochDay(year, month, day) * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second - offsetSeconds;
    return TimestampData.fromEpochMillis(epochSecond * 1000 + nanos / 1_000_000, nanos % 1_000_000);
  }

  /** The number in {@code count} digits at {@code from}, or -1 if one is not a digit. */
  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      if (!isDigit(c)) {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int monthLength(int year, int month) {
    return switch (month) {
      case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
      case 4, 6, 9, 11 -> 30;
      default -> 31;
    };
  }

  /** Days since 1970-01-01 of a proleptic Gregorian date, as {@code LocalDate.toEpochDay} counts them. */
  private static long epochDay(int year, int month, int day) {
    long y = year;
    long total = 365 * y;
    total += (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
    total += (367 * month - 362) / 12;
    total += day - 1;
    if (month > 2) {
      total--;
      if (!(year % 4 == 0 && (year % 100 != 0 || year % 400 == 0))) {
        total--;
      }
    }
    return total - 719_528;
  }
}
