package dev.weft.cli;

import dev.weft.compile.ProductSet;
import dev.weft.execute.KubernetesResources;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft deploy SPEC… --target kubernetes --out DIR}: Flink Kubernetes Operator resources for the products. */
@Command(name = "deploy", description = "Write Flink Kubernetes Operator resources for products (--target kubernetes --out DIR).")
final class DeployCommand implements Callable<Integer> {
  /** Where products are deployed; a session cluster over REST is the other target (weft deploy --flink URL). */
  enum Target { kubernetes }

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--target", required = true, paramLabel = "kubernetes", description = "kubernetes: write Flink Kubernetes Operator resources.")
  Target target;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder the resources and the Dockerfile are written to.")
  Path out;

  @Option(names = "--session", description = "One FlinkSessionJob per product on one session FlinkDeployment, instead of one "
      + "FlinkDeployment per product in application mode.")
  boolean session;

  @Option(names = "--image", paramLabel = "IMAGE", description = "The Weft Flink image (built from the written Dockerfile). Default: "
      + KubernetesResources.Target.DEFAULT_IMAGE)
  String image = KubernetesResources.Target.DEFAULT_IMAGE;

  @Option(names = "--state-dir", paramLabel = "URI", description = "Where checkpoints, savepoints and HA metadata go, seen by every "
      + "JobManager and TaskManager. Default: " + KubernetesResources.Target.DEFAULT_STATE_DIR + " (the weft-flink-state volume claim)")
  String stateDir = KubernetesResources.Target.DEFAULT_STATE_DIR;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Override
  public Integer call() throws Exception {
    ProductSet set = ProductSet.compile(specs);
    if (policies.check(set, command.commandLine().getErr(), flags.catalogServiceUrl()) > 0) {
      return 1;
    }
    var written = new KubernetesResources(new KubernetesResources.Target(image, stateDir, session), flags.toConfiguration())
        .write(set.plans(), out);
    written.forEach(file -> command.commandLine().getOut().println("wrote " + file));
    return 0;
  }
}
