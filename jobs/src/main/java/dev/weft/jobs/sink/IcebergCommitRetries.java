package dev.weft.jobs.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.iceberg.exceptions.ValidationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tries a failed Iceberg commit again in place, with growing pauses, so that the catalog database
 * being briefly away (restarting, failing over) does not cost a restart of the job. A retry must
 * never commit twice: a commit that failed may have reached the catalog all the same (the
 * connection broke after the catalog row changed), so before each retry the committer is asked
 * whether the table already holds the commit (its snapshot summary names run and checkpoint).
 * Conflicts the table reports ({@link ValidationException}) and lost topic transactions are not
 * retried: they do not pass.
 */
public final class IcebergCommitRetries implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(IcebergCommitRetries.class);

  private final Duration initialBackoff;
  private final Duration maxBackoff;
  private final Duration budget;

  public IcebergCommitRetries(CommitSettings settings) {
    this.initialBackoff = settings.retryInitialBackoff();
    this.maxBackoff = settings.retryMaxBackoff();
    this.budget = settings.retryBudget();
  }

  /**
   * Runs {@code commit}; when it fails, pauses and runs it again, unless {@code madeMeanwhile}
   * finds the commit in the table, until the pauses add up to the budget. The last failure is thrown.
   *
   * @param what the commit, for the log: "checkpoint 7 of orders.order-events"
   */
  public void run(String what, Runnable commit, BooleanSupplier madeMeanwhile) {
    Duration paused = Duration.ZERO;
    Duration pause = initialBackoff;
    RuntimeException failure;
    try {
      commit.run();
      return;
    } catch (RuntimeException e) {
      failure = retryable(e);
    }
    while (paused.plus(pause).compareTo(budget) <= 0) {
      LOG.warn("Iceberg commit of {} failed ({}); trying again in {} ms", what, failure.getMessage(), pause.toMillis());
      sleep(pause, failure);
      paused = paused.plus(pause);
      pause = pause.multipliedBy(2).compareTo(maxBackoff) > 0 ? maxBackoff : pause.multipliedBy(2);
      try {
        if (madeMeanwhile.getAsBoolean()) {
          LOG.info("Iceberg commit of {} had reached the table before it failed; not made again", what);
          return;
        }
        commit.run();
        LOG.info("Iceberg commit of {} made after {} ms of retries", what, paused.toMillis());
        return;
      } catch (RuntimeException e) {
        failure = retryable(e);
      }
    }
    throw failure;
  }

  /** @throws RuntimeException {@code e} itself, when trying again cannot help */
  private static RuntimeException retryable(RuntimeException e) {
    if (e instanceof ValidationException || e instanceof TopicTransactionLostException) {
      throw e;
    }
    return e;
  }

  private static void sleep(Duration pause, RuntimeException failure) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.addSuppressed(e);
      throw failure;
    }
  }
}
