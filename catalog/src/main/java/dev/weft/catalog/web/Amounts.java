package dev.weft.catalog.web;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;

/**
 * Numbers as the page shows them: as precise as a reader can use, never a column of zeros. The
 * API keeps its exact figures; only the page rounds like this.
 */
public final class Amounts {
  private static final MathContext THREE_DIGITS = new MathContext(3, RoundingMode.HALF_UP);
  private static final MathContext TWO_DIGITS = new MathContext(2, RoundingMode.HALF_UP);
  private static final String[] BYTE_UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

  private Amounts() {}

  /**
   * Three significant digits below 1000 ({@code 0.00347}, {@code 12.3}, {@code 999}), whole numbers
   * grouped by thousands above ({@code 12,345}); zero is {@code 0}.
   */
  public static String quantity(BigDecimal amount) {
    if (amount.signum() == 0) {
      return "0";
    }
    if (amount.abs().compareTo(BigDecimal.valueOf(1000)) >= 0) {
      return grouped(amount.setScale(0, RoundingMode.HALF_UP));
    }
    return amount.round(THREE_DIGITS).stripTrailingZeros().toPlainString();
  }

  public static String quantity(double amount) {
    return Double.isFinite(amount) ? quantity(BigDecimal.valueOf(amount)) : "–";
  }

  /** A count grouped by thousands: {@code 12,345}. */
  public static String count(long count) {
    return grouped(BigDecimal.valueOf(count));
  }

  /**
   * Money: cents from 1 up ({@code 5.27}, {@code 1,204.50}); below 1 two significant digits but at
   * least cents, so a fraction of a cent still shows ({@code 0.00035}, {@code 0.10}); zero is {@code 0}.
   */
  public static String money(BigDecimal amount) {
    if (amount.signum() == 0) {
      return "0";
    }
    if (amount.abs().compareTo(BigDecimal.ONE) >= 0) {
      return grouped(amount.setScale(2, RoundingMode.HALF_UP));
    }
    BigDecimal rounded = amount.round(TWO_DIGITS).stripTrailingZeros();
    return rounded.setScale(Math.max(2, rounded.scale()), RoundingMode.UNNECESSARY).toPlainString();
  }

  /** Bytes in SI units as the price table counts them (a GB is 10^9 bytes): {@code 512 B}, {@code 1.23 MB}. */
  public static String bytes(double bytes) {
    int unit = 0;
    double value = bytes;
    while (Math.abs(value) >= 1000 && unit < BYTE_UNITS.length - 1) {
      value /= 1000;
      unit++;
    }
    return quantity(value) + " " + BYTE_UNITS[unit];
  }

  private static String grouped(BigDecimal amount) {
    DecimalFormat format = new DecimalFormat(amount.scale() == 0 ? "#,##0" : "#,##0.00", DecimalFormatSymbols.getInstance(Locale.ROOT));
    return format.format(amount);
  }
}
