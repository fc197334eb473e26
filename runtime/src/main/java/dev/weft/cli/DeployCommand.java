package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ClusterDeployments;
import dev.weft.execute.EncryptionKeys;
import dev.weft.execute.KubernetesResources;
import dev.weft.execute.ProductRunListener.ProductRefusedException;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RemoteFlinkCluster;
import dev.weft.execute.WeftOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft deploy SPEC… --flink URL}: brings a session cluster to the specs, and leaves the
 * products running when it ends. A product not running is submitted; one running another version
 * of the same major is stopped with a savepoint and submitted from it; one running this version is
 * left alone. Every check of {@code weft run} happens first, here, and refuses as it does.
 *
 * <p>{@code weft deploy SPEC… --target kubernetes --out DIR} instead writes Flink Kubernetes
 * Operator resources for the products.
 */
@Command(name = "deploy", description = "Submit products to a Flink session cluster (--flink URL) and leave them running: new ones are submitted, "
    + "changed ones stopped with a savepoint and submitted from it, unchanged ones left alone. With --target kubernetes --out DIR: "
    + "write Flink Kubernetes Operator resources for them instead.")
final class DeployCommand implements Callable<Integer> {
  /** Where products are deployed besides a session cluster over REST. */
  enum Target { kubernetes }

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--target", paramLabel = "kubernetes", description = "kubernetes: write Flink Kubernetes Operator resources to --out "
      + "instead of submitting to --flink.")
  Target target;

  @Option(names = "--out", paramLabel = "DIR", description = "With --target kubernetes: the folder the resources and the Dockerfile are written to.")
  Path resourcesOut;

  @Option(names = "--session", description = "With --target kubernetes: one FlinkSessionJob per product on one session FlinkDeployment, "
      + "instead of one FlinkDeployment per product in application mode.")
  boolean session;

  @Option(names = "--image", paramLabel = "IMAGE", description = "With --target kubernetes: the Weft Flink image (built from the written "
      + "Dockerfile). Default: " + KubernetesResources.Target.DEFAULT_IMAGE)
  String image = KubernetesResources.Target.DEFAULT_IMAGE;

  @Option(names = "--state-dir", paramLabel = "URI", description = "With --target kubernetes: where checkpoints, savepoints and HA metadata "
      + "go, seen by every JobManager and TaskManager. Default: " + KubernetesResources.Target.DEFAULT_STATE_DIR
      + " (the weft-flink-state volume claim)")
  String stateDir = KubernetesResources.Target.DEFAULT_STATE_DIR;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if (target == Target.kubernetes) {
      return writeResources(out, err);
    }
    Configuration options = flags.checkedConfiguration();
    if (options.getOptional(WeftOptions.FLINK_URL).isEmpty()) {
      err.println("weft deploy submits to a Flink session cluster: give its REST address, --flink http://host:8081");
      return 2;
    }
    if (options.getOptional(WeftOptions.KAFKA_BOOTSTRAP_SERVERS).isEmpty()) {
      err.println("weft deploy leaves products running after it ends: give --kafka and --catalog-uri of services that outlive it");
      return 2;
    }
    ProductSet set = ProductSet.compile(specs);
    if (policies.check(set, err, flags.catalogServiceUrl()) > 0) {
      return 1;
    }
    EncryptionKeys.check(set.plans(), EncryptionKeys.lookup(options));
    ProductServices services;
    try {
      services = ProductServices.open(options, out);
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    try (services) {
      ProductRunner runner = services.runner();
      if (runner.cluster() instanceof RemoteFlinkCluster remote) {
        remote.detach(); // deployed products outlive this command
      }
      try {
        services.catalog().reporter(set, runner, options, out).submitting(set.plans());
      } catch (ProductRefusedException e) {
        err.println(e.getMessage());
        return 1;
      }
      runner.provision(set.plans());
      for (ProductPlan plan : set.plans()) {
        ClusterDeployments.deploy(plan, runner, out);
      }
      out.flush();
      return 0;
    }
  }

  private int writeResources(PrintWriter out, PrintWriter err) throws Exception {
    if (resourcesOut == null) {
      err.println("weft deploy --target kubernetes writes resources: give the folder, --out DIR");
      return 2;
    }
    ProductSet set = ProductSet.compile(specs);
    if (policies.check(set, err, flags.catalogServiceUrl()) > 0) {
      return 1;
    }
    var written = new KubernetesResources(new KubernetesResources.Target(image, stateDir, session), flags.toConfiguration())
        .write(set.plans(), resourcesOut);
    written.forEach(file -> out.println("wrote " + file));
    out.println("next: build the image " + image + " from " + resourcesOut.resolve("Dockerfile") + " (its first lines say how), create the "
        + "secrets weft-catalog and " + KubernetesResources.SECRETS + " (deploy/README.md), then kubectl apply -f " + resourcesOut);
    return 0;
  }
}
