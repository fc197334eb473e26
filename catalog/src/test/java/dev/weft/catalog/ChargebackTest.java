package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.cost.Chargeback;
import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.health.MetricsStore.CostSample;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChargebackTest {
  private static final PriceTable PRICES = new PriceTable("EUR", new BigDecimal("0.10"), new BigDecimal("0.02"), new BigDecimal("0.05"));

  @Test
  void roundsEachCostHalfUpAndAddsTheRoundedCosts() {
    // 0.125 GB transferred at 0.05 = 0.00625 -> 0.01; 45 CPU-seconds at 0.10/h = 0.00125 -> 0.00
    List<CostSample> samples = List.of(
        new CostSample("orders", "order-events", null, 60, new BigDecimal("45"), 125_000_000, 0, 0, 0),
        new CostSample("orders", "returns", "CC-9", 60, new BigDecimal("0"), 0, 125_000_000, 0, 0));
    Chargeback.Report byProduct = Chargeback.of(samples, Chargeback.Grouping.PRODUCT, PRICES);
    assertThat(byProduct.rows()).containsExactly(
        new Chargeback.Row("orders.order-events", new BigDecimal("0.012500"), new BigDecimal("0.000000"), new BigDecimal("0.125000"),
            new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("0.01"), new BigDecimal("0.01")),
        new Chargeback.Row("orders.returns", new BigDecimal("0.000000"), new BigDecimal("0.000000"), new BigDecimal("0.125000"),
            new BigDecimal("0.00"), new BigDecimal("0.00"), new BigDecimal("0.01"), new BigDecimal("0.01")));
    assertThat(byProduct.totalCost()).isEqualTo(new BigDecimal("0.02"));
    // summed before rounding: 0.25 GB -> 0.0125 -> 0.01
    Chargeback.Report byDomain = Chargeback.of(samples, Chargeback.Grouping.DOMAIN, PRICES);
    assertThat(byDomain.rows()).extracting(Chargeback.Row::transferCost).containsExactly(new BigDecimal("0.01"));
    assertThat(Chargeback.of(samples, Chargeback.Grouping.COST_CENTER, PRICES).rows()).extracting(Chargeback.Row::key)
        .containsExactly("(none)", "CC-9");
  }

  @Test
  void quotesCsvValuesThatNeedIt() {
    List<CostSample> samples = List.of(new CostSample("d", "p", "CC \"east\", 1", 1, BigDecimal.ZERO, 0, 0, 0, 0));
    assertThat(Chargeback.csv(Chargeback.of(samples, Chargeback.Grouping.COST_CENTER, PRICES))).isEqualTo(
        "costCenter,cpu_hours,gb_months_stored,gb_transferred,cpu_cost,storage_cost,transfer_cost,total_cost,currency\r\n"
            + "\"CC \"\"east\"\", 1\",0.000000,0.000000,0.000000,0.00,0.00,0.00,0.00,EUR\r\n");
  }

  @Test
  void readsThePriceTableFromAFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path file = dir.resolve("prices.properties");
    java.nio.file.Files.writeString(file, "currency = EUR\nper-cpu-hour = 0.10\nper-gb-transferred = 0.05\n");
    assertThat(PriceTable.load(file)).isEqualTo(new PriceTable("EUR", new BigDecimal("0.10"), new BigDecimal("0.023"), new BigDecimal("0.05")));
    java.nio.file.Files.writeString(file, "per-cpu-hour = cheap\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriceTable.load(file))
        .hasMessage(file + ": per-cpu-hour must be a decimal number such as 0.05, was 'cheap'");
    java.nio.file.Files.writeString(file, "per-cpu-hours = 1\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PriceTable.load(file))
        .hasMessage(file + ": unknown keys [per-cpu-hours]; known: currency, per-cpu-hour, per-gb-month, per-gb-transferred");
  }
}
