package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.execute.FlinkCluster.ClusterJob;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * The jobs of a product on a cluster, known by the name Weft gives them, which names the product
 * and its major and nothing Prometheus would have to escape ({@link ProductPlan#jobName()}:
 * {@code weft_<domain>_<name>_v<major>}), and by the version they run, a global job parameter. A
 * product's major is one product (its own topic and table), so a job of another version of the
 * same major is the one a deploy replaces.
 */
public final class ProductJobs {
  /** The global job parameter that holds the product version a job runs. */
  public static final String VERSION = "weft.product-version";
  /**
   * The global job parameter of a job that a {@code weft run}/{@code weft dev} session started and
   * cancels when it ends: which process that is. A job {@code weft deploy} left running has none.
   */
  public static final String SESSION = "weft.session";

  private ProductJobs() {}

  public static String jobName(ProductPlan plan) {
    return plan.jobName();
  }

  /** What a job left running tells the cluster about itself: its product version. */
  public static Configuration parameters(ProductPlan plan) {
    Configuration parameters = new Configuration();
    parameters.setString(VERSION, plan.version());
    return parameters;
  }

  /** What a job of a session tells the cluster about itself: its product version, and the session that owns it. */
  public static Configuration parameters(ProductPlan plan, String session) {
    Configuration parameters = parameters(plan);
    parameters.setString(SESSION, session);
    return parameters;
  }

  /** The session that owns the job ("the weft process 123 on host-a"), if a session started it. */
  public static java.util.Optional<String> session(FlinkCluster cluster, ClusterJob job) {
    version(cluster, job); // waits, as it does, for parameters a job still initializing does not show yet
    return java.util.Optional.ofNullable(cluster.jobParameters(job.id()).get(SESSION));
  }

  /** The jobs of the plan's product and major that have not ended (running, restarting, being created). */
  public static List<ClusterJob> live(FlinkCluster cluster, ProductPlan plan) {
    return cluster.jobs().stream()
        .filter(job -> !job.status().isGloballyTerminalState() && job.name().equals(jobName(plan)))
        .toList();
  }

  /**
   * Stops the job with a savepoint into the job's folder of the product's checkpoint folder, beside
   * its checkpoints (a later start knows from the folder which run the savepoint is of). Flink refuses a savepoint
   * while any task of the job is not running yet (just submitted, restarting): tried again then,
   * for up to {@code patience}.
   */
  public static String stopWithSavepoint(FlinkCluster cluster, ClusterJob job, java.nio.file.Path checkpoints, java.time.Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        String savepoint = cluster.stopWithSavepoint(job.id(), checkpoints.resolve(job.id().toString()));
        // the savepoint is taken before the job has ended
        cluster.awaitEnded(job.id(), java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        return savepoint;
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline || cluster.status(job.id()).isGloballyTerminalState()) {
          throw new IllegalStateException(job.name() + " (job " + job.id() + ") could not be stopped with a savepoint within " + patience
              + "; it runs on; last refusal: " + notYet.getMessage(), notYet);
        }
        Thread.sleep(500);
      }
    }
  }

  /**
   * The version a product job runs, from its job parameters ("unknown" for a job Weft did not
   * start). A job still initializing has none to show, and the cluster answers from a copy of the
   * job up to {@code web.refresh-interval} (3 s) old: a deploy right after a deploy took the new
   * job's version for unknown and replaced it. Asked again then, for up to {@link #PARAMETERS_PATIENCE}.
   */
  public static String version(FlinkCluster cluster, ClusterJob job) {
    long deadline = System.nanoTime() + PARAMETERS_PATIENCE.toNanos();
    while (true) {
      Map<String, String> parameters = cluster.jobParameters(job.id());
      if (!parameters.isEmpty() || System.nanoTime() > deadline || cluster.status(job.id()).isGloballyTerminalState()) {
        return parameters.getOrDefault(VERSION, "unknown");
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return "unknown";
      }
    }
  }

  /** How long a job's parameters may be missing (initializing, the cluster's cached copy) before its version is taken as unknown. */
  private static final java.time.Duration PARAMETERS_PATIENCE = java.time.Duration.ofSeconds(30);
}
