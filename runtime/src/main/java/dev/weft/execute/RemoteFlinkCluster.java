package dev.weft.execute;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory;
import org.apache.flink.runtime.rest.messages.JobVertexDetailsHeaders;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;
import org.apache.flink.runtime.rest.messages.JobMessageParameters;
import org.apache.flink.runtime.rest.messages.checkpoints.CheckpointingStatisticsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedMetric;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.AggregatedSubtaskMetricsParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.MetricsFilterParameter;

/**
 * A Flink session cluster reached over its REST API ({@link RestClusterClient}), e.g. the one
 * {@code deploy/flink/cluster.sh} starts. Its JobManager and TaskManagers have the jobs module and
 * its connectors on their class path, so a job graph is submitted without a jar. Closing the client
 * cancels the jobs it submitted, as closing a MiniCluster does (a {@code weft run --flink} session
 * ends with its products), unless it was {@linkplain #detach() detached} ({@code weft deploy}).
 */
public final class RemoteFlinkCluster implements FlinkCluster {
  /** How long one REST call may take before Weft gives up on the cluster. */
  private static final Duration CALL_TIMEOUT = Duration.ofMinutes(2);

  private final URI url;
  private final RestClusterClient<StandaloneClusterId> client;
  private final java.util.Set<JobID> submitted = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean open = true;
  private volatile boolean detached;

  private RemoteFlinkCluster(URI url, RestClusterClient<StandaloneClusterId> client) {
    this.url = url;
    this.client = client;
  }

  /** @param url the REST address of the cluster's JobManager, e.g. http://127.0.0.1:8081 */
  public static RemoteFlinkCluster connect(String url) {
    URI uri = URI.create(url);
    if (!"http".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
      throw new IllegalArgumentException("--flink " + url + ": give the REST address of the Flink JobManager as http://host:port, "
          + "e.g. http://127.0.0.1:8081 (deploy/flink/cluster.sh start prints it)");
    }
    Configuration config = new Configuration();
    config.set(RestOptions.ADDRESS, uri.getHost());
    config.set(RestOptions.PORT, uri.getPort());
    config.set(JobManagerOptions.ADDRESS, uri.getHost());
    try {
      RestClusterClient<StandaloneClusterId> client = new RestClusterClient<>(config, StandaloneClusterId.getInstance());
      RemoteFlinkCluster cluster = new RemoteFlinkCluster(uri, client);
      cluster.await(client.getClusterOverview(), "reach the cluster");
      return cluster;
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("--flink " + url + ": " + e.getMessage(), e);
    } catch (Exception e) {
      throw new IllegalArgumentException("--flink " + url + ": cannot create a REST client: " + e.getMessage(), e);
    }
  }

  @Override
  public JobID submit(JobGraph job) {
    JobID id = await(client.submitJob(job), "submit job " + job.getName());
    submitted.add(id);
    return id;
  }

  @Override
  public CompletableFuture<JobResult> result(JobID job) {
    return client.requestJobResult(job);
  }

  @Override
  public JobStatus status(JobID job) {
    return await(client.getJobStatus(job), "read the status of job " + job);
  }

  @Override
  public boolean hasRestarted(JobID job) {
    return restartCount(job) > 0;
  }

  @Override
  public JobRestarts restarts(JobID job) {
    JobDetailsInfo details = await(client.getJobDetails(job), "read job " + job);
    JobExceptionsMessageParameters parameters = new JobExceptionsMessageParameters();
    parameters.jobPathParameter.resolve(job);
    JobExceptionsInfoWithHistory exceptions = await(
        client.sendRequest(JobExceptionsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance()), "read the failures of job " + job);
    var last = exceptions.getExceptionHistory().getEntries().stream().findFirst();
    long restarting = details.getTimestamps().getOrDefault(JobStatus.RESTARTING, 0L);
    long running = details.getTimestamps().getOrDefault(JobStatus.RUNNING, 0L);
    return new JobRestarts(restartCount(job), details.getJobStatus(),
        last.map(e -> userFailure(e.getStacktrace())),
        last.map(e -> Instant.ofEpochMilli(e.getTimestamp())),
        restarting > 0 && running > restarting ? Optional.of(Duration.ofMillis(running - restarting)) : Optional.empty());
  }

  /**
   * Restarts since the job was submitted: the highest execution attempt of any of its tasks, as
   * {@link LocalFlinkCluster} counts them. Not the {@code numRestarts} metric, which a restart of
   * one failover region (a lost TaskManager) leaves at 0.
   */
  private int restartCount(JobID job) {
    int restarts = 0;
    for (var vertex : await(client.getJobDetails(job), "read job " + job).getJobVertexInfos()) {
      JobVertexMessageParameters parameters = new JobVertexMessageParameters();
      parameters.jobPathParameter.resolve(job);
      parameters.jobVertexIdPathParameter.resolve(vertex.getJobVertexID());
      var details = await(client.sendRequest(JobVertexDetailsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance()),
          "read the tasks of job " + job);
      for (var subtask : details.getSubtasks()) {
        restarts = Math.max(restarts, subtask.getAttempt());
      }
    }
    return restarts;
  }

  /**
   * What went wrong in the user's terms, from the stack trace the cluster keeps: the first failure
   * Weft raised ("dev.weft…: message"), else the innermost cause, as {@link LocalFlinkCluster} reports.
   */
  static String userFailure(String stackTrace) {
    String innermost = null;
    for (String line : stackTrace.split("\n")) {
      String cause = line.startsWith("Caused by: ") ? line.substring("Caused by: ".length()) : line;
      if (line.startsWith("\t") || line.startsWith(" ") || line.startsWith("...")) {
        continue;
      }
      if (cause.startsWith("dev.weft.")) {
        return cause;
      }
      if (innermost == null || line.startsWith("Caused by: ")) {
        innermost = cause;
      }
    }
    return innermost == null ? "" : innermost;
  }

  /** When the cluster started the job. */
  public Instant startedAt(JobID job) {
    return Instant.ofEpochMilli(await(client.getJobDetails(job), "read job " + job).getStartTime());
  }

  /** The checkpoint or savepoint the job completed last, as the cluster's checkpoint statistics have it. */
  public Optional<ProductJobStatus.CompletedCheckpoint> lastCompletedCheckpoint(JobID job) {
    JobMessageParameters parameters = CheckpointingStatisticsHeaders.getInstance().getUnresolvedMessageParameters();
    parameters.jobPathParameter.resolve(job);
    var latest = await(client.sendRequest(CheckpointingStatisticsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance()),
        "read the checkpoints of job " + job).getLatestCheckpoints();
    var checkpoint = latest.getCompletedCheckpointStatistics();
    var savepoint = latest.getSavepointStatistics();
    if (checkpoint == null || savepoint != null && savepoint.getLatestAckTimestamp() > checkpoint.getLatestAckTimestamp()) {
      checkpoint = savepoint;
    }
    return Optional.ofNullable(checkpoint).map(c -> new ProductJobStatus.CompletedCheckpoint(c.getId(), Instant.ofEpochMilli(c.getLatestAckTimestamp()),
        c.getCheckpointedSize(), c.getStateSize(), c.getExternalPath()));
  }

  /**
   * The records the job's Kafka sources have yet to read: their {@code pendingRecords} metric,
   * summed over every source operator and subtask. The JobManager fetches metrics from the
   * TaskManagers only when asked (at most every {@code metrics.fetcher.update-interval}), so a first
   * question may find none yet: asked again for up to 3 s then.
   */
  public OptionalLong pendingRecords(JobID job) {
    for (int attempt = 0; attempt < 4; attempt++) {
      OptionalLong pending = pendingRecordsNow(job);
      if (pending.isPresent()) {
        return pending;
      }
      try {
        Thread.sleep(1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return OptionalLong.empty();
  }

  private OptionalLong pendingRecordsNow(JobID job) {
    long pending = 0;
    boolean reported = false;
    for (var vertex : await(client.getJobDetails(job), "read job " + job).getJobVertexInfos()) {
      List<String> sources = subtaskMetrics(job, vertex.getJobVertexID(), List.of()).stream()
          .map(AggregatedMetric::getId).filter(id -> id.endsWith(".pendingRecords")).toList();
      if (sources.isEmpty()) {
        continue;
      }
      for (AggregatedMetric metric : subtaskMetrics(job, vertex.getJobVertexID(), sources)) {
        if (metric.getSum() != null) {
          pending += metric.getSum().longValue();
          reported = true;
        }
      }
    }
    return reported ? OptionalLong.of(pending) : OptionalLong.empty();
  }

  /** The vertex's metrics aggregated over its subtasks; with no names given, the names it has (without values). */
  private java.util.Collection<AggregatedMetric> subtaskMetrics(JobID job, org.apache.flink.runtime.jobgraph.JobVertexID vertex, List<String> names) {
    AggregatedSubtaskMetricsParameters parameters = AggregatedSubtaskMetricsHeaders.getInstance().getUnresolvedMessageParameters();
    for (var path : parameters.getPathParameters()) {
      if (path instanceof org.apache.flink.runtime.rest.messages.JobIDPathParameter id) {
        id.resolve(job);
      } else if (path instanceof org.apache.flink.runtime.rest.messages.JobVertexIdPathParameter id) {
        id.resolve(vertex);
      }
    }
    if (!names.isEmpty()) {
      parameters.getQueryParameters().stream().filter(MetricsFilterParameter.class::isInstance).map(MetricsFilterParameter.class::cast)
          .forEach(get -> get.resolve(names));
    }
    return await(client.sendRequest(AggregatedSubtaskMetricsHeaders.getInstance(), parameters, EmptyRequestBody.getInstance()),
        "read the metrics of job " + job).getMetrics();
  }

  @Override
  public Map<String, Object> accumulators(JobID job) {
    return await(client.getAccumulators(job, getClass().getClassLoader()), "read the accumulators of job " + job);
  }

  @Override
  public List<String> taskNames(JobID job) {
    return await(client.getJobDetails(job), "read job " + job).getJobVertexInfos().stream()
        .map(JobDetailsInfo.JobVertexDetailsInfo::getName).toList();
  }

  @Override
  public String stopWithSavepoint(JobID job, String directory) {
    return await(client.stopWithSavepoint(job, false, directory, SavepointFormatType.CANONICAL), "stop job " + job + " with a savepoint");
  }

  @Override
  public boolean isRunning() {
    return open;
  }

  @Override
  public void cancel(JobID job) {
    await(client.cancel(job), "cancel job " + job);
  }

  @Override
  public List<ClusterJob> jobs() {
    return await(client.listJobs(), "list the jobs").stream()
        .map(j -> new ClusterJob(j.getJobId(), j.getJobName(), j.getJobState())).toList();
  }

  @Override
  public java.util.Optional<URI> restUrl() {
    return java.util.Optional.of(url);
  }

  @Override
  public Map<String, String> jobParameters(JobID job) {
    var parameters = org.apache.flink.runtime.rest.messages.JobConfigHeaders.getInstance().getUnresolvedMessageParameters();
    parameters.jobPathParameter.resolve(job);
    var info = await(client.sendRequest(org.apache.flink.runtime.rest.messages.JobConfigHeaders.getInstance(), parameters,
        org.apache.flink.runtime.rest.messages.EmptyRequestBody.getInstance()), "read the configuration of job " + job);
    return info.getExecutionConfigInfo() == null || info.getExecutionConfigInfo().getGlobalJobParameters() == null
        ? Map.of() : info.getExecutionConfigInfo().getGlobalJobParameters();
  }

  @Override
  public String describe() {
    return "Flink cluster " + url;
  }

  private <T> T await(CompletableFuture<T> call, String what) {
    try {
      return call.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot " + what + " on the Flink cluster " + url + ": " + rootMessage(e.getCause()), e.getCause());
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot " + what + " on the Flink cluster " + url + ": no answer within " + CALL_TIMEOUT, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while trying to " + what + " on the Flink cluster " + url, e);
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }

  /** Jobs this client submitted keep running when it closes. */
  public void detach() {
    detached = true;
  }

  /** Cancels the jobs this client submitted that still run, unless detached, and closes the client; the cluster runs on. */
  @Override
  public void close() {
    if (!detached) {
      for (JobID job : submitted) {
        try {
          if (!status(job).isGloballyTerminalState()) {
            cancel(job); // it keeps its last checkpoint, as on Ctrl-C of a MiniCluster session
          }
        } catch (IllegalStateException gone) {
          // ended meanwhile, or the cluster is unreachable: nothing to cancel from here
        }
      }
    }
    open = false;
    client.close();
  }
}
