package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.FlinkCluster;
import dev.weft.execute.FlinkCluster.ClusterJob;
import dev.weft.execute.ProductJobs;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RemoteFlinkCluster;
import dev.weft.execute.WeftOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft stop SPEC… --flink URL [--savepoint]}: stops the products' jobs on a session cluster.
 * Cancelled, a job keeps its last checkpoint; with a savepoint, it commits what it holds pending
 * first. The next start of the product continues from the newer of the two.
 */
@Command(name = "stop", description = "Stop products running on a Flink session cluster (--flink URL), with --savepoint after a savepoint.")
final class StopCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--flink", required = true, paramLabel = "URL", description = "REST address of the Flink session cluster.")
  String flinkUrl;

  @Option(names = "--savepoint", description = "Stop with a savepoint into the product's checkpoint folder under --work-dir, instead of cancelling.")
  boolean savepoint;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the products' checkpoints are kept (weft.work-dir). Default: .weft")
  String workDir;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
    Configuration options = new Configuration();
    if (workDir != null) {
      options.set(WeftOptions.WORK_DIR, workDir);
    }
    RemoteFlinkCluster cluster;
    try {
      cluster = RemoteFlinkCluster.connect(flinkUrl);
    } catch (IllegalArgumentException e) {
      command.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    try (cluster) {
      for (ProductPlan plan : set.plans()) {
        stop(plan, cluster, ProductRunner.checkpointDirectory(options.get(WeftOptions.WORK_DIR), plan), out);
      }
    }
    out.flush();
    return 0;
  }

  private void stop(ProductPlan plan, FlinkCluster cluster, Path checkpoints, PrintWriter out) throws InterruptedException {
    List<ClusterJob> live = ProductJobs.live(cluster, plan);
    if (live.isEmpty()) {
      out.println(plan.versionedName() + ": not running on " + cluster.describe());
    }
    for (ClusterJob job : live) {
      if (savepoint) {
        out.println(plan.product() + " " + ProductJobs.version(cluster, job) + ": stopped with savepoint " + ProductJobs.stopWithSavepoint(cluster, job, checkpoints, DeployCommand.SAVEPOINT_PATIENCE));
      } else {
        cluster.cancel(job.id());
        out.println(plan.product() + " " + ProductJobs.version(cluster, job) + ": cancelled (job " + job.id() + "); it continues from its last checkpoint when started again");
      }
    }
  }
}
