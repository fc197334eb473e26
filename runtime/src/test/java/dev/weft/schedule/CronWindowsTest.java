package dev.weft.schedule;

import dev.weft.plan.CronWindows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.plan.BatchWindow;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronWindowsTest {
  private static final CronWindows MIDNIGHT = new CronWindows("0 0 0 * * ?");
  private static final CronWindows THREE_AM = new CronWindows("0 0 3 * * ?");

  @Test
  void aRunCoversTheTimeSinceTheCronsPreviousTime() {
    assertThat(MIDNIGHT.endingAt(at("2026-11-02T00:00:00Z"))).isEqualTo(window("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"));
    assertThat(new CronWindows("0 0/15 * * * ?").endingAt(at("2026-11-02T10:30:00Z")))
        .isEqualTo(window("2026-11-02T10:15:00Z", "2026-11-02T10:30:00Z"));
    // the first of the month, after a 31-day month
    assertThat(new CronWindows("0 0 0 1 * ?").endingAt(at("2026-11-01T00:00:00Z")))
        .isEqualTo(window("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z"));
  }

  @Test
  void theLatestWindowIsTheLastOneThatHasEnded() {
    assertThat(MIDNIGHT.latest(at("2026-11-02T05:00:00Z"))).isEqualTo(window("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"));
    assertThat(MIDNIGHT.latest(at("2026-11-02T00:00:00Z"))).isEqualTo(window("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"));
  }

  @Test
  void aBackfillRunsTheWindowsInsideItsRange() {
    assertThat(MIDNIGHT.within(at("2026-11-01T00:00:00Z"), at("2026-11-04T00:00:00Z"))).containsExactly(
        window("2026-11-01T00:00:00Z", "2026-11-02T00:00:00Z"),
        window("2026-11-02T00:00:00Z", "2026-11-03T00:00:00Z"),
        window("2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z"));
    assertThat(THREE_AM.within(at("2026-11-01T00:00:00Z"), at("2026-11-04T00:00:00Z"))).containsExactly(
        window("2026-11-01T03:00:00Z", "2026-11-02T03:00:00Z"),
        window("2026-11-02T03:00:00Z", "2026-11-03T03:00:00Z"));
    assertThat(THREE_AM.within(at("2026-11-01T04:00:00Z"), at("2026-11-02T02:00:00Z"))).isEmpty();
  }

  @Test
  void aCronThatDoesNotParseSaysWhy() {
    assertThatThrownBy(() -> new CronWindows("every day"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cron 'every day': ");
  }

  private static Instant at(String instant) {
    return Instant.parse(instant);
  }

  private static BatchWindow window(String start, String end) {
    return new BatchWindow(at(start), at(end));
  }
}
