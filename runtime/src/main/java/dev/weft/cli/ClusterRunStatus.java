package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.execute.ProductJobStatus;
import dev.weft.execute.ProductJobStatus.CompletedCheckpoint;
import dev.weft.execute.RemoteFlinkCluster;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** How a stream product's job on a session cluster stands: its state, restarts, last checkpoint and lag, as the cluster reports them. */
final class ClusterRunStatus {
  private final RemoteFlinkCluster cluster;
  private final Clock clock;

  ClusterRunStatus(RemoteFlinkCluster cluster, Clock clock) {
    this.cluster = cluster;
    this.clock = clock;
  }

  void print(ProductPlan plan, PrintWriter out) {
    List<ProductJobStatus> jobs = ProductJobStatus.read(cluster, plan);
    if (jobs.isEmpty()) {
      out.println("  job           " + plan.jobName() + " not running on " + cluster.describe());
    }
    for (ProductJobStatus job : jobs) {
      out.println("  job           " + job.job().name() + " " + job.job().id() + " on " + cluster.describe() + ", version " + job.version());
      out.println("  state         " + job.job().status() + " since " + ago(job.startedAt()));
      out.println("  restarts      " + job.restarts().count() + (job.restarts().count() == 0 ? "" : job.restarts().lastFailure()
          .map(failure -> ", last failure " + job.restarts().failedAt().map(this::ago).orElse("") + ": " + failure).orElse("")));
      out.println("  checkpoint    " + job.lastCheckpoint().map(this::describe).orElse("none completed yet"));
      out.println("  lag           " + (job.pendingRecords().isPresent()
          ? job.pendingRecords().getAsLong() + " records not yet read from its Kafka inputs"
          : "unknown (no Kafka source of the job reports pendingRecords yet)"));
    }
  }

  private String describe(CompletedCheckpoint checkpoint) {
    return checkpoint.id() + ", completed " + ago(checkpoint.completedAt()) + ", " + bytes(checkpoint.checkpointedSize()) + " written, "
        + bytes(checkpoint.stateSize()) + " of state, at " + checkpoint.externalPath();
  }

  static String bytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private String ago(Instant then) {
    return RunStatus.ago(then, clock);
  }
}
