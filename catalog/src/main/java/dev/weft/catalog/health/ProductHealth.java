package dev.weft.catalog.health;

import dev.weft.catalog.DurationText;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A product's current status from its metrics: freshness (now minus the event time of the newest
 * committed record) against the SLA's freshness, and the valid ratio (records out / (out +
 * rejected) over the quality window, rounded half-up to 4 places) against {@code minValidRatio}.
 * {@code state} is {@code ok}, {@code breached} (with the reasons) or {@code unknown} (no metrics yet).
 */
public record ProductHealth(String state, List<String> reasons, Long freshnessSeconds, Long freshnessSlaSeconds,
    BigDecimal validRatio, BigDecimal minValidRatio) {

  public static ProductHealth of(MetricsStore.Totals totals, Instant now, String slaFreshness, BigDecimal minValidRatio) {
    Duration sla = DurationText.parseOrNull(slaFreshness);
    Long freshness = totals.newestEventTime() == null ? null : Math.max(0, Duration.between(totals.newestEventTime(), now).getSeconds());
    long judged = totals.recordsOut() + totals.recordsRejected();
    BigDecimal validRatio = judged == 0 ? null
        : BigDecimal.valueOf(totals.recordsOut()).divide(BigDecimal.valueOf(judged), 4, RoundingMode.HALF_UP);
    List<String> reasons = new ArrayList<>();
    if (sla != null && freshness != null && freshness > sla.getSeconds()) {
      reasons.add("freshness " + DurationText.forPeople(Duration.ofSeconds(freshness)) + " exceeds the SLA of " + DurationText.forPeople(sla));
    }
    if (minValidRatio != null && validRatio != null && validRatio.compareTo(minValidRatio) < 0) {
      reasons.add("valid ratio " + validRatio.toPlainString() + " is below the minimum of " + minValidRatio.toPlainString());
    }
    String state = !reasons.isEmpty() ? "breached" : totals.samples() == 0 && freshness == null ? "unknown" : "ok";
    return new ProductHealth(state, reasons, freshness, sla == null ? null : sla.getSeconds(), validRatio, minValidRatio);
  }
}
