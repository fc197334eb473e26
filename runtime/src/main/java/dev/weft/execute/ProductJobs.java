package dev.weft.execute;

import dev.weft.compile.ProductPlan;
import dev.weft.execute.FlinkCluster.ClusterJob;
import java.util.List;

/**
 * The jobs of a product on a cluster, known by the name Weft gives them: {@code weft <domain.name>
 * <version>}. A product's major is one product (its own topic and table), so a job of another
 * version of the same major is the one a deploy replaces.
 */
public final class ProductJobs {
  private static final String PREFIX = "weft ";

  private ProductJobs() {}

  public static String jobName(ProductPlan plan) {
    return PREFIX + plan.product() + " " + plan.version();
  }

  /** The jobs of the plan's product and major that have not ended (running, restarting, being created). */
  public static List<ClusterJob> live(FlinkCluster cluster, ProductPlan plan) {
    String major = plan.version().substring(0, plan.version().indexOf('.'));
    String product = PREFIX + plan.product() + " " + major + ".";
    return cluster.jobs().stream()
        .filter(job -> !job.status().isGloballyTerminalState() && job.name().startsWith(product))
        .toList();
  }

  /**
   * Stops the job with a savepoint into the product's checkpoint folder. Flink refuses a savepoint
   * while any task of the job is not running yet (just submitted, restarting): tried again then,
   * for up to {@code patience}.
   */
  public static String stopWithSavepoint(FlinkCluster cluster, ClusterJob job, java.nio.file.Path checkpoints, java.time.Duration patience)
      throws InterruptedException {
    long deadline = System.nanoTime() + patience.toNanos();
    while (true) {
      try {
        return cluster.stopWithSavepoint(job.id(), checkpoints);
      } catch (RuntimeException notYet) {
        if (System.nanoTime() > deadline || cluster.status(job.id()).isGloballyTerminalState()) {
          throw new IllegalStateException(job.name() + " (job " + job.id() + ") could not be stopped with a savepoint within " + patience
              + "; it runs on; last refusal: " + notYet.getMessage(), notYet);
        }
        Thread.sleep(500);
      }
    }
  }

  /** The version a product job runs, from its name. */
  public static String version(ClusterJob job) {
    return job.name().substring(job.name().lastIndexOf(' ') + 1);
  }
}
