package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.junit.jupiter.api.Test;

class ExponentialRestartsTest {
  @Test
  void theDefaultsRestartFourteenTimesWithinTenMinutes() {
    // pauses 1, 2, 4, 8, 16, 32 s, then 60 s, each counted with its 10% jitter: 69.3 s + 8 × 66 s = 597.3 s
    Configuration job = new Configuration();
    ExponentialRestarts.configure(job, new Configuration());
    assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
    assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)).isEqualTo(14);
    assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF)).isEqualTo(Duration.ofSeconds(1));
    assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)).isEqualTo(Duration.ofMinutes(1));
    assertThat(job.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD)).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void aBudgetShorterThanTheFirstPauseStillRestartsOnce() {
    Configuration options = new Configuration();
    options.set(WeftOptions.RESTART_BUDGET, Duration.ofMillis(10));
    assertThat(ExponentialRestarts.attempts(options)).isEqualTo(1);
  }

  @Test
  void theTestStacksShortRestartsFitFiveRestarts() {
    // 110 + 220 + 440 + 550 + 550 = 1870 ms of 2 s
    Configuration options = new Configuration();
    options.set(WeftOptions.RESTART_INITIAL_BACKOFF, Duration.ofMillis(100));
    options.set(WeftOptions.RESTART_MAX_BACKOFF, Duration.ofMillis(500));
    options.set(WeftOptions.RESTART_BUDGET, Duration.ofSeconds(2));
    assertThat(ExponentialRestarts.attempts(options)).isEqualTo(5);
  }
}
