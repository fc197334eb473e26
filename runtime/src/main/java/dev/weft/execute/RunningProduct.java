package dev.weft.execute;

import dev.weft.compile.ProductPlan;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.util.ExceptionUtils;

/** A product job submitted to the local cluster. */
public record RunningProduct(ProductPlan plan, JobID jobId, LocalFlinkCluster cluster) {

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
    if (result.getSerializedThrowable().isPresent()) {
      Throwable failure = result.getSerializedThrowable().get().deserializeError(getClass().getClassLoader());
      throw new ProductFailedException(plan.product(), failure);
    }
  }

  public boolean hasRestarted() {
    return cluster.hasRestarted(jobId);
  }

  public void cancel() {
    if (!status().isGloballyTerminalState()) {
      cluster.cancel(jobId);
    }
  }

  /** A product job ended in failure. */
  public static final class ProductFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProductFailedException(String product, Throwable failure) {
      super("product " + product + " failed: " + rootMessage(failure), failure);
    }

    private static String rootMessage(Throwable failure) {
      Throwable root = ExceptionUtils.findThrowable(failure, IllegalStateException.class)
          .map(Throwable.class::cast)
          .orElse(ExceptionUtils.stripExecutionException(failure));
      while (root.getCause() != null && root.getMessage() != null && root.getMessage().startsWith("Recovery is suppressed")) {
        root = root.getCause();
      }
      return root.getMessage();
    }
  }
}
