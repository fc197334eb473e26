package dev.weft.catalog.cost;

import java.math.BigDecimal;

/**
 * What a unit costs, in one currency: a CPU-hour, a GB held for a month (Kafka retention and
 * Iceberg storage alike), a GB transferred (Kafka bytes in and out). A GB is 10^9 bytes, a month
 * 30 days.
 */
public record PriceTable(String currency, BigDecimal perCpuHour, BigDecimal perGbMonth, BigDecimal perGbTransferred) {

  /** Placeholder prices for a local catalog; production sets its own. */
  public static final PriceTable DEFAULT =
      new PriceTable("USD", new BigDecimal("0.05"), new BigDecimal("0.023"), new BigDecimal("0.01"));

  public PriceTable {
    if (perCpuHour.signum() < 0 || perGbMonth.signum() < 0 || perGbTransferred.signum() < 0) {
      throw new IllegalArgumentException("prices must not be negative");
    }
  }
}
