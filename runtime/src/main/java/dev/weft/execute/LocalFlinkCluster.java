package dev.weft.execute;

import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/** A Flink MiniCluster in this JVM that several product jobs share. */
public final class LocalFlinkCluster implements AutoCloseable {
  /** Enough slots for every demo product at parallelism 1, with room for a few more. */
  public static final int DEFAULT_SLOTS = 16;

  private final MiniCluster cluster;

  private LocalFlinkCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  public static LocalFlinkCluster start(int slots) {
    Configuration config = new Configuration();
    config.set(RestOptions.BIND_PORT, "0");
    MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
        .setConfiguration(config)
        .setNumTaskManagers(1)
        .setNumSlotsPerTaskManager(slots)
        .build());
    try {
      cluster.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the local Flink cluster: " + e.getMessage(), e);
    }
    return new LocalFlinkCluster(cluster);
  }

  public JobID submit(JobGraph job) {
    return cluster.submitJob(job).join().getJobID();
  }

  public CompletableFuture<JobResult> result(JobID job) {
    return cluster.requestJobResult(job);
  }

  public JobStatus status(JobID job) {
    return cluster.getJobStatus(job).join();
  }

  /** Whether the job has been restarted after a failure (it recovered from a checkpoint). */
  public boolean hasRestarted(JobID job) {
    return cluster.getExecutionGraph(job).join().getStatusTimestamp(JobStatus.RESTARTING) > 0;
  }

  public boolean isRunning() {
    return cluster.isRunning();
  }

  public void cancel(JobID job) {
    cluster.cancelJob(job).join();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
