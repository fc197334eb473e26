package dev.weft.execute;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;

/**
 * Where product jobs run: a MiniCluster in Weft's JVM ({@link LocalFlinkCluster}) or a Flink session
 * cluster over its REST API ({@link RemoteFlinkCluster}). Everything Weft checks before a start
 * happens before {@link #submit}; the cluster only runs the job graph.
 */
public interface FlinkCluster extends AutoCloseable {

  /** The session cluster {@code weft.flink.url} names, else a new MiniCluster in this JVM. */
  static FlinkCluster open(Configuration options) {
    return options.getOptional(WeftOptions.FLINK_URL)
        .<FlinkCluster>map(RemoteFlinkCluster::connect)
        .orElseGet(() -> LocalFlinkCluster.start(LocalFlinkCluster.DEFAULT_SLOTS, options.getOptional(WeftOptions.METRICS_PROMETHEUS_PORT)));
  }

  JobID submit(JobGraph job);

  CompletableFuture<JobResult> result(JobID job);

  JobStatus status(JobID job);

  /** Whether the job has been restarted after a failure (it recovered from a checkpoint). */
  boolean hasRestarted(JobID job);

  /** How often the job has restarted after failures, why it last failed, and how long its last restart paused. */
  JobRestarts restarts(JobID job);

  /** The job's accumulators as they are now; values that cannot be read are left out. */
  Map<String, Object> accumulators(JobID job);

  /** The names of the job's tasks (chains of operators). */
  List<String> taskNames(JobID job);

  /**
   * Stops the job with a savepoint under {@code directory} (a URI every JobManager and TaskManager
   * of the cluster can reach), keeping its state as it is (no end of input, no final watermark), and
   * returns the savepoint's path. Flink notifies the operators of its completion before the job
   * ends, so transactional sinks commit on it.
   */
  String stopWithSavepoint(JobID job, String directory);

  default String stopWithSavepoint(JobID job, Path directory) {
    return stopWithSavepoint(job, directory.toAbsolutePath().toUri().toString());
  }

  /**
   * Waits until the job has ended, for at most {@code patience}: cancelling or stopping a job only
   * starts its end, and a start of the product right after must find it ended (its writer lease).
   */
  default void awaitEnded(JobID job, java.time.Duration patience) throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (isRunning() && !status(job).isGloballyTerminalState() && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
  }

  /** Whether jobs can still be asked about: false once the MiniCluster stopped or the client closed. */
  boolean isRunning();

  void cancel(JobID job);

  /** Every job the cluster knows, running or ended, with its name and state. */
  List<ClusterJob> jobs();

  /** A job as the cluster lists it. */
  record ClusterJob(JobID id, String name, JobStatus status) {}

  /** Where the cluster is, for the user: "local MiniCluster" or its REST URL. */
  String describe();

  /** The REST address of a cluster that outlives this process; empty for the MiniCluster in this JVM. */
  default java.util.Optional<java.net.URI> restUrl() {
    return java.util.Optional.empty();
  }

  /** The job's global job parameters (what Weft tells about the job, e.g. {@link ProductJobs#VERSION}). */
  Map<String, String> jobParameters(JobID job);
}
