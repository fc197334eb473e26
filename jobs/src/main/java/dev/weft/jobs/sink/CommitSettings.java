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
 * @param topicCommittedThrough the checkpoint through which the topic transactions restored with the
 *     job's checkpoint are known to be committed, or {@link #NONE_KNOWN}: the table's last commit
 *     was made by the run whose checkpoint is restored, at this checkpoint, and a table commit
 *     waits for its checkpoint's topic transactions ({@link TopicCommitsFirst}). Re-committing
 *     those transactions may fail once the broker has forgotten their transactional ids
 *     ({@code transactional.id.expiration.ms}, 7 days by default); that is no loss.
 */
public record CommitSettings(
    Duration transactionTimeout,
    Duration retryInitialBackoff,
    Duration retryMaxBackoff,
    Duration retryBudget,
    boolean failBeforeFirstCommit,
    String checkpointDirectory,
    long topicCommittedThrough) implements Serializable {
  /** No restored topic transaction is known to be committed: every failure to commit one is a loss. */
  public static final long NONE_KNOWN = -1;

  /** Kafka's own defaults, for jobs built without a runtime's options (plans printed, benchmarks). */
  public static CommitSettings defaults(String checkpointDirectory) {
    return new CommitSettings(Duration.ofMinutes(15), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofMinutes(1), false,
        checkpointDirectory, NONE_KNOWN);
  }

  /** These settings for a job that restores a checkpoint whose topic transactions are committed through {@code checkpointId}. */
  public CommitSettings withTopicCommittedThrough(long checkpointId) {
    return new CommitSettings(transactionTimeout, retryInitialBackoff, retryMaxBackoff, retryBudget, failBeforeFirstCommit,
        checkpointDirectory, checkpointId);
  }

  /** Whether the topic transaction of {@code checkpointId} is known to be committed. */
  public boolean topicCommitted(long checkpointId) {
    return checkpointId >= 0 && checkpointId <= topicCommittedThrough;
  }
}
