package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.health.MetricsStore.Totals;
import dev.weft.catalog.health.ProductHealth;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductHealthTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void freshnessAtTheSlaIsStillOk() {
    Totals totals = new Totals(1, 10, 2, 1, 0, 0, NOW, NOW.minusSeconds(60), null);
    assertThat(ProductHealth.of(totals, NOW, "1m", new BigDecimal("0.6"))).isEqualTo(
        new ProductHealth("ok", List.of(), 60L, 60L, new BigDecimal("0.6667"), new BigDecimal("0.6")));
  }

  @Test
  void noMetricsIsUnknownAndNoSlaIsNoBreach() {
    assertThat(ProductHealth.of(new Totals(0, 0, 0, 0, 0, 0, null, null, null), NOW, null, null))
        .isEqualTo(new ProductHealth("unknown", List.of(), null, null, null, null));
    Totals stale = new Totals(0, 0, 0, 0, 0, 0, NOW.minus(Duration.ofDays(2)), NOW.minus(Duration.ofDays(2)), null);
    assertThat(ProductHealth.of(stale, NOW, null, null).state()).isEqualTo("ok");
    assertThat(ProductHealth.of(stale, NOW, "1d", null).reasons()).containsExactly("freshness 2 d exceeds the SLA of 1 d");
  }

  @Test
  void durationsAreAWholeNumberAndAUnit() {
    assertThat(DurationText.parseOrNull("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(DurationText.parseOrNull("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(DurationText.parseOrNull("1.5h")).isNull();
    assertThat(DurationText.parseOrNull("-1s")).isNull();
    assertThat(DurationText.format(Duration.ofHours(48))).isEqualTo("2d");
    assertThat(DurationText.format(Duration.ofSeconds(90))).isEqualTo("90s");
  }
}
