package dev.weft.catalog.cost;

import dev.weft.catalog.health.MetricsStore.CostSample;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Prices metrics samples and adds them up per domain, product or cost centre. Quantities are summed
 * exactly; each row's quantities are shown rounded half-up to 6 places and each cost to 2 places
 * (half-up) from the exact quantity; a row's total is the sum of its rounded costs and the report's
 * total the sum of the rows, so every column adds up as printed.
 */
public final class Chargeback {
  private static final BigDecimal SECONDS_PER_HOUR = BigDecimal.valueOf(3600);
  private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1_000_000_000L);
  private static final BigDecimal SECONDS_PER_MONTH = BigDecimal.valueOf(30L * 24 * 3600);

  public enum Grouping {
    DOMAIN("domain", CostSample::domain),
    PRODUCT("product", sample -> sample.domain() + "." + sample.product()),
    COST_CENTER("costCenter", sample -> sample.costCenter() == null ? "(none)" : sample.costCenter());

    private final String parameter;
    private final Function<CostSample, String> key;

    Grouping(String parameter, Function<CostSample, String> key) {
      this.parameter = parameter;
      this.key = key;
    }

    public String parameter() {
      return parameter;
    }

    public static Grouping parseOrNull(String text) {
      for (Grouping grouping : values()) {
        if (grouping.parameter.equals(text)) {
          return grouping;
        }
      }
      return null;
    }
  }

  public record Row(String key, BigDecimal cpuHours, BigDecimal gbMonthsStored, BigDecimal gbTransferred,
      BigDecimal cpuCost, BigDecimal storageCost, BigDecimal transferCost, BigDecimal totalCost) {}

  public record Report(Grouping by, String currency, List<Row> rows, BigDecimal totalCost) {}

  private Chargeback() {}

  public static Report of(List<CostSample> samples, Grouping by, PriceTable prices) {
    Map<String, BigDecimal[]> sums = new TreeMap<>();
    for (CostSample sample : samples) {
      BigDecimal[] sum = sums.computeIfAbsent(by.key.apply(sample), k -> new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO});
      sum[0] = sum[0].add(sample.cpuSeconds());
      BigDecimal stored = BigDecimal.valueOf(sample.kafkaBytesRetained()).add(BigDecimal.valueOf(sample.icebergBytes()));
      sum[1] = sum[1].add(stored.multiply(BigDecimal.valueOf(sample.intervalSeconds())));
      sum[2] = sum[2].add(BigDecimal.valueOf(sample.kafkaBytesIn()).add(BigDecimal.valueOf(sample.kafkaBytesOut())));
    }
    List<Row> rows = new ArrayList<>();
    BigDecimal total = money(BigDecimal.ZERO);
    for (Map.Entry<String, BigDecimal[]> entry : sums.entrySet()) {
      BigDecimal cpuHours = entry.getValue()[0].divide(SECONDS_PER_HOUR, MathContext.DECIMAL128);
      BigDecimal gbMonths = entry.getValue()[1].divide(BYTES_PER_GB.multiply(SECONDS_PER_MONTH), MathContext.DECIMAL128);
      BigDecimal gbTransferred = entry.getValue()[2].divide(BYTES_PER_GB, MathContext.DECIMAL128);
      BigDecimal cpuCost = money(cpuHours.multiply(prices.perCpuHour()));
      BigDecimal storageCost = money(gbMonths.multiply(prices.perGbMonth()));
      BigDecimal transferCost = money(gbTransferred.multiply(prices.perGbTransferred()));
      BigDecimal rowTotal = cpuCost.add(storageCost).add(transferCost);
      rows.add(new Row(entry.getKey(), quantity(cpuHours), quantity(gbMonths), quantity(gbTransferred),
          cpuCost, storageCost, transferCost, rowTotal));
      total = total.add(rowTotal);
    }
    return new Report(by, prices.currency(), rows, total);
  }

  /**
   * The unrounded cost of what was used: CPU-seconds, bytes held times the seconds they were held,
   * bytes transferred; priced as {@link #of} prices them, for charts of fractions of a cent.
   */
  public static BigDecimal exactCost(BigDecimal cpuSeconds, BigDecimal storedByteSeconds, long transferredBytes, PriceTable prices) {
    return cpuSeconds.divide(SECONDS_PER_HOUR, MathContext.DECIMAL128).multiply(prices.perCpuHour())
        .add(storedByteSeconds.divide(BYTES_PER_GB.multiply(SECONDS_PER_MONTH), MathContext.DECIMAL128).multiply(prices.perGbMonth()))
        .add(BigDecimal.valueOf(transferredBytes).divide(BYTES_PER_GB, MathContext.DECIMAL128).multiply(prices.perGbTransferred()));
  }

  private static BigDecimal money(BigDecimal amount) {
    return amount.setScale(2, RoundingMode.HALF_UP);
  }

  private static BigDecimal quantity(BigDecimal amount) {
    return amount.setScale(6, RoundingMode.HALF_UP);
  }

  /** The report as CSV (RFC 4180 quoting), one header line, one line per row, no total line. */
  public static String csv(Report report) {
    StringBuilder csv = new StringBuilder(report.by().parameter()
        + ",cpu_hours,gb_months_stored,gb_transferred,cpu_cost,storage_cost,transfer_cost,total_cost,currency\r\n");
    for (Row row : report.rows()) {
      csv.append(quoted(row.key())).append(',')
          .append(row.cpuHours().toPlainString()).append(',')
          .append(row.gbMonthsStored().toPlainString()).append(',')
          .append(row.gbTransferred().toPlainString()).append(',')
          .append(row.cpuCost().toPlainString()).append(',')
          .append(row.storageCost().toPlainString()).append(',')
          .append(row.transferCost().toPlainString()).append(',')
          .append(row.totalCost().toPlainString()).append(',')
          .append(quoted(report.currency())).append("\r\n");
    }
    return csv.toString();
  }

  private static String quoted(String value) {
    if (value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r")) {
      return "\"" + value.replace("\"", "\"\"") + "\"";
    }
    return value;
  }
}
