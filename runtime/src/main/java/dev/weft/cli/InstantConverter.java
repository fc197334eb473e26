package dev.weft.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Points in time on the command line: a UTC date (its midnight) or an ISO-8601 instant. */
final class InstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    try {
      return value.contains("T") ? Instant.parse(value.strip()) : LocalDate.parse(value.strip()).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new TypeConversionException("'" + value + "' is neither a date like 2026-11-01 nor an instant like 2026-11-01T03:00:00Z");
    }
  }
}
