package dev.weft.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Counts on the command line (parallelism, rows per chunk): whole numbers of at least 1. */
final class PositiveIntConverter implements ITypeConverter<Integer> {
  @Override
  public Integer convert(String value) {
    try {
      int number = Integer.parseInt(value.strip());
      if (number >= 1) {
        return number;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new TypeConversionException("'" + value + "' is not a whole number of at least 1");
  }
}
