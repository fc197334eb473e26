package dev.weft.catalog.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The time a chart covers and how it is cut into buckets: the window up to now, or, when the first
 * sample began later (a product started minutes ago), from that sample's start, so a young
 * product's charts fill their width instead of a sliver at the right edge (the axis then says
 * {@code 5 m ago}). {@value #BUCKETS} buckets, none shorter than {@link #SHORTEST_BUCKET}, the
 * runtime's default report interval.
 */
public record ChartSpan(Instant from, Instant to, Duration bucket) {
  public static final int BUCKETS = 60;
  public static final Duration SHORTEST_BUCKET = Duration.ofSeconds(10);

  /**
   * @param firstSampleStart when the oldest sample of the window began (its time less its interval), if there is one
   */
  public static ChartSpan of(Duration window, Optional<Instant> firstSampleStart, Instant now) {
    Instant windowStart = now.minus(window);
    Instant from = firstSampleStart.filter(first -> first.isAfter(windowStart)).orElse(windowStart);
    long seconds = (Duration.between(from, now).getSeconds() + BUCKETS - 1) / BUCKETS;
    Duration bucket = Duration.ofSeconds(Math.max(SHORTEST_BUCKET.getSeconds(), seconds));
    return new ChartSpan(from, now, bucket);
  }

  /** How many buckets fit, the last one possibly cut short at {@code to}. */
  public int buckets() {
    long seconds = Duration.between(from, to).getSeconds();
    return (int) Math.max(1, (seconds + bucket.getSeconds() - 1) / bucket.getSeconds());
  }
}
