package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ClusterDeployments;
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
        ClusterDeployments.stop(plan, cluster, ProductRunner.checkpointDirectory(options.get(WeftOptions.WORK_DIR), plan), savepoint, out);
      }
    }
    out.flush();
    return 0;
  }
}
