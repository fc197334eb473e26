package dev.weft.cli;

import dev.weft.spec.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Durations on the command line are written as in specs: 500ms, 2s, 5m, 1h, 7d. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    return Durations.parse(value)
        .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a duration like 500ms, 2s, 5m, 1h or 7d"));
  }
}
