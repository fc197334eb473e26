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

  /** The version a product job runs, from its name. */
  public static String version(ClusterJob job) {
    return job.name().substring(job.name().lastIndexOf(' ') + 1);
  }
}
