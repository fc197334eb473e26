package dev.weft.execute;

import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.ReadableConfig;

/**
 * How a failed product restarts: Flink's exponential-delay strategy, pauses doubling from
 * {@code weft.restart.initial-backoff} up to {@code weft.restart.max-backoff}, with as many
 * restarts as fit in {@code weft.restart.budget}. A budget in time rather than a count is what the
 * transaction timeout is checked against: how long a checkpoint's records may wait, across
 * restarts, for the restart that commits them.
 */
public final class ExponentialRestarts {
  private ExponentialRestarts() {}

  private static final double MULTIPLIER = 2.0;
  /** Products failing together (a shared database gone) do not all come back at the same instant. */
  private static final double JITTER = 0.1;

  /** Sets the restart strategy of a product job from Weft's options. */
  public static void configure(Configuration job, ReadableConfig options) {
    job.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
    job.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, options.get(WeftOptions.RESTART_INITIAL_BACKOFF));
    job.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, options.get(WeftOptions.RESTART_MAX_BACKOFF));
    job.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, MULTIPLIER);
    job.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, JITTER);
    job.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD, options.get(WeftOptions.RESTART_RESET_THRESHOLD));
    job.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, attempts(options));
  }

  /** Restarts whose pauses (each at its longest, jitter included) add up to no more than the budget; at least one. */
  static int attempts(ReadableConfig options) {
    Duration budget = options.get(WeftOptions.RESTART_BUDGET);
    Duration max = options.get(WeftOptions.RESTART_MAX_BACKOFF);
    Duration pause = options.get(WeftOptions.RESTART_INITIAL_BACKOFF);
    Duration spent = Duration.ZERO;
    int attempts = 0;
    while (true) {
      Duration longest = Duration.ofMillis((long) Math.ceil(Math.min(pause.toMillis(), max.toMillis()) * (1 + JITTER)));
      if (spent.plus(longest).compareTo(budget) > 0) {
        return Math.max(1, attempts);
      }
      spent = spent.plus(longest);
      attempts++;
      pause = Duration.ofMillis((long) Math.min(pause.toMillis() * MULTIPLIER, max.toMillis()));
    }
  }
}
