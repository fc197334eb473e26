package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.util.SerializedThrowable;

/**
 * A product job submitted to a Flink cluster.
 *
 * @param untilIdle for a run until idle that stops with a savepoint ({@link UntilIdleStop}): the
 *     stop, which fails when it cannot be made; completed at once for other runs
 */
public record RunningProduct(ProductPlan plan, JobID jobId, FlinkCluster cluster, CompletableFuture<String> untilIdle) {
  /** How long cancelling waits for the job to end. */
  private static final Duration CANCEL_PATIENCE = Duration.ofSeconds(60);

  public RunningProduct(ProductPlan plan, JobID jobId, FlinkCluster cluster) {
    this(plan, jobId, cluster, CompletableFuture.completedFuture(null));
  }

  public JobStatus status() {
    return cluster.status(jobId);
  }

  /**
   * Waits for the job to end. A job that failed throws {@link ProductFailedException} with the
   * root cause, which is what the user has to act on.
   */
  public void awaitFinished(Duration timeout) throws TimeoutException, InterruptedException {
    JobResult result;
    try {
      result = cluster.result(jobId).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new ProductFailedException(plan.product(), e.getCause());
    }
    if (untilIdle.isCompletedExceptionally()) {
      throw new ProductFailedException(plan.product(), untilIdle.handle((path, failure) -> failure).join());
    }
    if (result.getSerializedThrowable().isPresent()) {
      Throwable failure = result.getSerializedThrowable().get().deserializeError(getClass().getClassLoader());
      throw new ProductFailedException(plan.product(), failure);
    }
  }

  public boolean hasRestarted() {
    return cluster.hasRestarted(jobId);
  }

  /** Its restarts so far, with the last failure and pause. */
  public JobRestarts restarts() {
    return cluster.restarts(jobId);
  }

  /** Cancels the job; nothing to do when it has ended, or the cluster stopped with it (Ctrl-C stops both at once). */
  public void cancel() {
    try {
      if (cluster.isRunning() && !status().isGloballyTerminalState()) {
        cluster.cancel(jobId);
        cluster.awaitEnded(jobId, CANCEL_PATIENCE);
      }
    } catch (IllegalStateException | java.util.concurrent.CompletionException e) {
      if (cluster.isRunning()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A product job ended in failure. */
  public static final class ProductFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProductFailedException(String product, Throwable failure) {
      super("product " + product + " failed: " + rootMessage(failure), failure);
    }

    /**
     * What the user acts on: the first failure Weft itself raised (a broken rule, a refused restore),
     * else the innermost cause, not the layers of Flink's restart and execution wrapping.
     */
    private static String rootMessage(Throwable failure) {
      return userCause(failure).getMessage();
    }

    /** The first failure Weft itself raised in {@code failure}'s causes, else the innermost one. */
    static Throwable userCause(Throwable failure) {
      Throwable innermost = failure;
      for (Throwable t = failure; t != null; t = t.getCause()) {
        if (typeOf(t).startsWith("dev.weft.")) {
          return t;
        }
        innermost = t;
      }
      return innermost;
    }

    static String typeOf(Throwable t) {
      return t instanceof SerializedThrowable serialized ? serialized.getOriginalErrorClassName() : t.getClass().getName();
    }
  }
}
