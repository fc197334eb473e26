package dev.weft.execute;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;

/** A Flink MiniCluster in this JVM that several product jobs share. */
public final class LocalFlinkCluster implements FlinkCluster {
  /** Enough slots for every demo product at parallelism 1, with room for a few more. */
  public static final int DEFAULT_SLOTS = 16;
  /** Managed memory of the local task manager, shared by its slots. */
  static final MemorySize LOCAL_MANAGED_MEMORY = MemorySize.ofMebiBytes(1024);
  /** How often the task manager reports to the job manager (Flink's default: 10 s). */
  static final Duration LOCAL_HEARTBEAT_INTERVAL = Duration.ofMillis(500);
  /** How long closing waits for running jobs to be cancelled. */
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);

  private final MiniCluster cluster;
  private static final int KEPT_GRAPHS = 16;
  private final java.util.Map<JobID, JobGraph> submitted = new java.util.LinkedHashMap<>() {
    @Override
    protected boolean removeEldestEntry(java.util.Map.Entry<JobID, JobGraph> eldest) {
      return size() > KEPT_GRAPHS;
    }
  };

  private LocalFlinkCluster(MiniCluster cluster) {
    this.cluster = cluster;
  }

  public static LocalFlinkCluster start(int slots) {
    return start(slots, java.util.Optional.empty());
  }

  /** @param prometheusPort where its metrics are served to Prometheus (a port or a range), if at all */
  public static LocalFlinkCluster start(int slots, java.util.Optional<String> prometheusPort) {
    Configuration config = new Configuration();
    prometheusPort.ifPresent(port -> PrometheusReporting.configure(config, port));
    config.set(RestOptions.BIND_PORT, "0");
    // RocksDB takes its memory from managed memory; the local default (128 MiB over 16 slots) leaves a
    // stateful product under 3 MiB of memtable, which it flushes all the time: 0.16x of the heap backend in
    // benchmarks/run-end-to-end.sh. A budget, not an allocation: RocksDB and batch operators use it as they need it.
    config.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, LOCAL_MANAGED_MEMORY);
    // accumulators reach the JobManager with heartbeats: a run until idle sees within half a second
    // that its job has read its inputs' ends (ReadPositionReporter), instead of 10 s
    config.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, LOCAL_HEARTBEAT_INTERVAL);
    // Iceberg's shared worker threads are made by whichever thread first needs one, a task's among them,
    // and keep that task's class loader as their context class loader after its job has ended; the S3
    // client's logging then asked a closed loader for resources (S3WarehouseITCase, maintenance after a
    // product's run). Weft's classes are all on the cluster's class path, so nothing leaks through it.
    config.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
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

  @Override
  public JobID submit(JobGraph job) {
    JobID id = cluster.submitJob(job).join().getJobID();
    synchronized (submitted) {
      submitted.put(id, job);
    }
    return id;
  }

  /**
   * The graph a recent job was submitted as, which is what a remote cluster would receive and
   * store: the secrets test searches it for passwords. The newest {@value #KEPT_GRAPHS} are kept.
   */
  public java.util.Optional<JobGraph> submittedGraph(JobID job) {
    synchronized (submitted) {
      return java.util.Optional.ofNullable(submitted.get(job));
    }
  }

  /** Where the cluster's REST API answers ({@code /jobs/<id>/config}, …). */
  public java.net.URI restAddress() {
    return cluster.getRestAddress().join();
  }

  @Override
  public CompletableFuture<JobResult> result(JobID job) {
    return cluster.requestJobResult(job);
  }

  @Override
  public JobStatus status(JobID job) {
    return cluster.getJobStatus(job).join();
  }

  /** Whether the job has been restarted after a failure (it recovered from a checkpoint). */
  @Override
  public boolean hasRestarted(JobID job) {
    return cluster.getExecutionGraph(job).join().getStatusTimestamp(JobStatus.RESTARTING) > 0;
  }

  /** How often the job has restarted after failures, why it last failed, and how long its last restart paused. */
  @Override
  public JobRestarts restarts(JobID job) {
    var graph = cluster.getExecutionGraph(job).join();
    int restarts = 0;
    for (var vertex : graph.getAllExecutionVertices()) {
      restarts = Math.max(restarts, vertex.getCurrentExecutionAttempt().getAttemptNumber());
    }
    var failure = java.util.Optional.ofNullable(graph.getFailureInfo());
    long restarting = graph.getStatusTimestamp(JobStatus.RESTARTING);
    long running = graph.getStatusTimestamp(JobStatus.RUNNING);
    return new JobRestarts(restarts, graph.getState(),
        failure.map(f -> describe(f.getException().deserializeError(getClass().getClassLoader()))),
        failure.map(f -> java.time.Instant.ofEpochMilli(f.getTimestamp())),
        restarting > 0 && running > restarting ? java.util.Optional.of(java.time.Duration.ofMillis(running - restarting)) : java.util.Optional.empty());
  }

  /** What went wrong in the user's terms: the failure Weft raised, else the innermost cause. */
  private static String describe(Throwable failure) {
    Throwable cause = RunningProduct.ProductFailedException.userCause(failure);
    return RunningProduct.ProductFailedException.typeOf(cause) + ": " + cause.getMessage();
  }

  /**
   * The job's accumulators as they are now: while it runs, as of the task managers' last heartbeat;
   * once it has ended, its final values. Values that cannot be read are left out.
   */
  @Override
  public java.util.Map<String, Object> accumulators(JobID job) {
    java.util.Map<String, Object> values = new java.util.TreeMap<>();
    cluster.getExecutionGraph(job).join().getAccumulatorsSerialized().forEach((name, serialized) -> {
      try {
        var value = serialized.deserializeValue(getClass().getClassLoader());
        if (!value.isFailure()) {
          values.put(name, value.getUnchecked());
        }
      } catch (java.io.IOException | ClassNotFoundException e) {
        // an accumulator of a class this JVM does not know: not one of ours
      }
    });
    return values;
  }

  /** The names of the job's tasks (chains of operators), which its task threads are named after. */
  @Override
  public java.util.List<String> taskNames(JobID job) {
    return cluster.getExecutionGraph(job).join().getAllVertices().values().stream()
        .map(org.apache.flink.runtime.executiongraph.AccessExecutionJobVertex::getName).toList();
  }

  @Override
  public java.util.Map<String, String> jobParameters(JobID job) {
    var parameters = cluster.getExecutionGraph(job).join().getArchivedExecutionConfig().getGlobalJobParameters();
    return parameters == null ? java.util.Map.of() : parameters;
  }

  @Override
  public String stopWithSavepoint(JobID job, String directory) {
    return cluster.stopWithSavepoint(job, directory, false, SavepointFormatType.CANONICAL).join();
  }

  @Override
  public java.util.List<ClusterJob> jobs() {
    return cluster.listJobs().join().stream().map(j -> new ClusterJob(j.getJobId(), j.getJobName(), j.getJobState())).toList();
  }

  @Override
  public String describe() {
    return "local MiniCluster";
  }

  @Override
  public boolean isRunning() {
    return cluster.isRunning();
  }

  @Override
  public void cancel(JobID job) {
    cluster.cancelJob(job).join();
  }

  /** Cancels the jobs still running (they stop at their last checkpoint, as on Ctrl-C), then stops the cluster. */
  @Override
  public void close() throws Exception {
    if (cluster.isRunning()) {
      for (var job : cluster.listJobs().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        if (!job.getJobState().isGloballyTerminalState()) {
          cluster.cancelJob(job.getJobId());
        }
      }
      long deadline = System.nanoTime() + CLOSE_TIMEOUT.toNanos();
      while (System.nanoTime() < deadline && cluster.listJobs().get().stream().anyMatch(j -> !j.getJobState().isGloballyTerminalState())) {
        Thread.sleep(50);
      }
    }
    cluster.close();
  }
}
