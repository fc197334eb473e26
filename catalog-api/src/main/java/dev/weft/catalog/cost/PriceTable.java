package dev.weft.catalog.cost;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a unit costs, in one currency: a CPU-hour, a GB held for a month (Kafka retention and
 * Iceberg storage alike), a GB transferred (Kafka bytes in and out). A GB is 10^9 bytes, a month
 * 30 days.
 */
public record PriceTable(String currency, BigDecimal perCpuHour, BigDecimal perGbMonth, BigDecimal perGbTransferred) {
  private static final Set<String> KEYS = Set.of("currency", "per-cpu-hour", "per-gb-month", "per-gb-transferred");

  /** Placeholder prices for a local catalog; production sets its own. */
  public static final PriceTable DEFAULT =
      new PriceTable("USD", new BigDecimal("0.05"), new BigDecimal("0.023"), new BigDecimal("0.01"));

  public PriceTable {
    if (perCpuHour.signum() < 0 || perGbMonth.signum() < 0 || perGbTransferred.signum() < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }

  /**
   * A properties file with {@code currency}, {@code per-cpu-hour}, {@code per-gb-month} and
   * {@code per-gb-transferred}; a key left out keeps its default.
   */
  public static PriceTable load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the price table " + file + ": " + e.getMessage(), e);
    }
    Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
    unknown.removeAll(KEYS);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(file + ": unknown keys " + unknown + "; known: currency, per-cpu-hour, per-gb-month, per-gb-transferred");
    }
    return new PriceTable(properties.getProperty("currency", DEFAULT.currency()),
        price(file, properties, "per-cpu-hour", DEFAULT.perCpuHour()),
        price(file, properties, "per-gb-month", DEFAULT.perGbMonth()),
        price(file, properties, "per-gb-transferred", DEFAULT.perGbTransferred()));
  }

  private static BigDecimal price(Path file, Properties properties, String key, BigDecimal otherwise) {
    String text = properties.getProperty(key);
    if (text == null) {
      return otherwise;
    }
    try {
      BigDecimal price = new BigDecimal(text.trim());
      if (price.signum() < 0) {
        throw new IllegalArgumentException(file + ": " + key + " must not be negative, was " + text);
      }
      return price;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(file + ": " + key + " must be a decimal number such as 0.05, was '" + text + "'");
    }
  }
}
