package dev.weft.jobs.sink;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a product's outputs commit: how long its topic transactions may stay open, how a failed
 * Iceberg commit is retried in place, and where its checkpoints are kept (what a user removes to
 * start the product without one).
 *
 * @param transactionTimeout the producers' {@code transaction.timeout.ms}
 * @param retryInitialBackoff first pause before a failed Iceberg commit is tried again; it doubles
 * @param retryMaxBackoff longest pause between two tries
 * @param retryBudget how long tries go on (the sum of the pauses) before the failure stands
 * @param failBeforeFirstCommit recovery drill: stop at the first checkpoint before anything is committed
 * @param checkpointDirectory where the product's checkpoints are retained
 */
public record CommitSettings(
    Duration transactionTimeout,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    Duration retryBudget,
    boolean failBeforeFirstCommit,
    String checkpointDirectory) implements Serializable {

  /** Kafka's own defaults, for jobs built without a runtime's options (plans printed, benchmarks). */
  public static CommitSettings defaults(String checkpointDirectory) {
    return new CommitSettings(Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(1), false,
        checkpointDirectory);
  }
}
