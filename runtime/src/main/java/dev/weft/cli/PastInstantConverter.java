package dev.weft.cli;

import dev.weft.spec.Durations;
import java.time.Instant;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** A point in the past on the command line: a date or an instant ({@link InstantConverter}), or a duration back from now (2h, 7d). */
final class PastInstantConverter implements ITypeConverter<Instant> {
  @Override
  public Instant convert(String value) {
    var ago = Durations.parse(value);
    if (ago.isPresent()) {
      return Instant.now().minus(ago.get());
    }
    try {
      return new InstantConverter().convert(value);
    } catch (TypeConversionException e) {
      throw new TypeConversionException("'" + value + "' is neither a date like 2026-11-01, an instant like 2026-11-01T03:00:00Z "
          + "nor a duration back from now like 2h or 7d");
    }
  }
}
