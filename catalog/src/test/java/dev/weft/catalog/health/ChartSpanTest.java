package dev.weft.catalog.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChartSpanTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void aProductOlderThanTheWindowFillsItInSixtyBuckets() {
    assertThat(ChartSpan.of(Duration.ofHours(1), Optional.of(NOW.minus(Duration.ofDays(3))), NOW))
        .isEqualTo(new ChartSpan(NOW.minus(Duration.ofHours(1)), NOW, Duration.ofMinutes(1)));
    assertThat(ChartSpan.of(Duration.ofDays(7), Optional.empty(), NOW))
        .isEqualTo(new ChartSpan(NOW.minus(Duration.ofDays(7)), NOW, Duration.ofMinutes(168)));
  }

  @Test
  void aYoungProductsChartsStartAtItsFirstSampleInBucketsOfAtLeastTenSeconds() {
    ChartSpan fiveMinutes = ChartSpan.of(Duration.ofHours(1), Optional.of(NOW.minusSeconds(300)), NOW);
    assertThat(fiveMinutes).isEqualTo(new ChartSpan(NOW.minusSeconds(300), NOW, Duration.ofSeconds(10)));
    assertThat(fiveMinutes.buckets()).isEqualTo(30);
    // 22 h 1 m: 79,260 s in 60 buckets of 1,321 s
    assertThat(ChartSpan.of(Duration.ofHours(24), Optional.of(NOW.minusSeconds(79_260)), NOW).bucket()).isEqualTo(Duration.ofSeconds(1321));
    // a span that does not divide evenly: the last bucket is cut short at now
    assertThat(new ChartSpan(NOW.minusSeconds(95), NOW, Duration.ofSeconds(10)).buckets()).isEqualTo(10);
  }
}
