package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.execute.FlinkCluster.ClusterJob;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How a product's job on a session cluster stands, as the cluster reports it over REST
 * ({@code weft status --flink}): the job found by its name ({@link ProductJobs#jobName}), the
 * version it runs, its state, restarts, last completed checkpoint, and how far its Kafka sources
 * are behind their topics.
 *
 * @param pendingRecords the records its Kafka sources have yet to read (their {@code pendingRecords}
 *     metric, summed over sources and subtasks, as of the JobManager's last metric fetch); empty
 *     while no source reports it (no Kafka input, or not reading yet)
 */
public record ProductJobStatus(ClusterJob job, String version, Instant startedAt, JobRestarts restarts,
    Optional<CompletedCheckpoint> lastCheckpoint, OptionalLong pendingRecords) {

  /**
   * A checkpoint (or savepoint) the job completed.
   *
   * @param checkpointedSize what this checkpoint wrote (with incremental RocksDB checkpoints, only the
   *     new files)
   * @param stateSize the full state it covers
   * @param externalPath where it is kept, which a next start can restore
   */
  public record CompletedCheckpoint(long id, Instant completedAt, long checkpointedSize, long stateSize, String externalPath) {}

  /** The product's jobs on the cluster that have not ended, each as the cluster reports it. */
  public static List<ProductJobStatus> read(RemoteFlinkCluster cluster, ProductPlan plan) {
    return ProductJobs.live(cluster, plan).stream()
        .map(job -> new ProductJobStatus(job, ProductJobs.version(cluster, job), cluster.startedAt(job.id()), cluster.restarts(job.id()),
            cluster.lastCompletedCheckpoint(job.id()), cluster.pendingRecords(job.id())))
        .toList();
  }
}
