package dev.weft.execute;

import dev.weft.execute.FlinkCluster.ClusterJob;
import dev.weft.plan.ProductPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Brings products on a Flink session cluster to their specs, and stops them there; each step is
 * idempotent and says on {@code out} what it did. Every check before a start is the runner's.
 */
public final class ClusterDeployments {
  /** How long a running version may take to accept the savepoint it is replaced from (its tasks still starting). */
  public static final Duration SAVEPOINT_PATIENCE = Duration.ofMinutes(2);

  private ClusterDeployments() {}

  /**
   * A product not running is submitted; one running another version of the same major is stopped
   * with a savepoint and submitted from it; one running this version is left alone. The job keeps
   * running, with its writer lease, after this process ends.
   */
  public static void deploy(ProductPlan plan, ProductRunner runner, PrintWriter out) throws InterruptedException {
    if (plan.batch()) {
      out.println(plan.product() + " " + plan.version() + ": a batch product, not deployed (weft run schedules it on its cron)");
      return;
    }
    FlinkCluster cluster = runner.cluster();
    List<ClusterJob> live = ProductJobs.live(cluster, plan);
    for (ClusterJob job : live) {
      Optional<String> session = ProductJobs.session(cluster, job);
      if (session.isPresent()) {
        // neither left alone nor replaced: the session cancels the job when it ends, or would see it taken away
        throw new ProductAlreadyRunningException("product " + plan.versionedName() + " is already running as Flink job " + job.id() + " on the "
            + cluster.describe() + ", started by a weft run session in " + session.get() + ", which cancels it when it ends; "
            + "stop that session first, then deploy");
      }
    }
    Optional<ClusterJob> same = live.stream().filter(job -> ProductJobs.version(cluster, job).equals(plan.version())).findFirst();
    if (same.isPresent()) {
      out.println(plan.product() + " " + plan.version() + ": unchanged, runs as job " + same.get().id());
      return;
    }
    Optional<String> savepoint = Optional.empty();
    for (ClusterJob older : live) {
      savepoint = Optional.of(ProductJobs.stopWithSavepoint(cluster, older, runner.checkpointDirectory(plan), SAVEPOINT_PATIENCE));
      out.println(plan.product() + " " + ProductJobs.version(cluster, older) + ": stopped with savepoint " + savepoint.get());
    }
    RunningProduct started = runner.startDeployed(plan, savepoint); // its job keeps the product's writer lease after this command ends
    out.println(plan.product() + " " + plan.version() + ": submitted as job " + started.jobId()
        + savepoint.map(s -> " from that savepoint").orElse(""));
  }

  /**
   * Stops the product's jobs: cancelled, a job keeps its last checkpoint; with a savepoint (into
   * {@code checkpoints}), it commits what it holds pending first.
   */
  public static void stop(ProductPlan plan, FlinkCluster cluster, Path checkpoints, boolean savepoint, PrintWriter out)
      throws InterruptedException {
    List<ClusterJob> live = ProductJobs.live(cluster, plan);
    if (live.isEmpty()) {
      out.println(plan.versionedName() + ": not running on " + cluster.describe());
    }
    for (ClusterJob job : live) {
      if (savepoint) {
        out.println(plan.product() + " " + ProductJobs.version(cluster, job) + ": stopped with savepoint " + ProductJobs.stopWithSavepoint(cluster, job, checkpoints, SAVEPOINT_PATIENCE));
      } else {
        cluster.cancel(job.id());
        out.println(plan.product() + " " + ProductJobs.version(cluster, job) + ": cancelled (job " + job.id() + "); it continues from its last checkpoint when started again");
      }
    }
  }
}
