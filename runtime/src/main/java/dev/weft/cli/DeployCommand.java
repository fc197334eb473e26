package dev.weft.cli;

import dev.weft.compile.ProductPlan;
import dev.weft.compile.ProductSet;
import dev.weft.execute.EncryptionKeys;
import dev.weft.execute.FlinkCluster;
import dev.weft.execute.FlinkCluster.ClusterJob;
import dev.weft.execute.ProductJobs;
import dev.weft.execute.ProductRunListener.ProductRefusedException;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RemoteFlinkCluster;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft deploy SPEC… --flink URL}: brings a session cluster to the specs, and leaves the
 * products running when it ends. A product not running is submitted; one running another version
 * of the same major is stopped with a savepoint and submitted from it; one running this version is
 * left alone. Every check of {@code weft run} happens first, here, and refuses as it does.
 */
@Command(name = "deploy", description = "Submit products to a Flink session cluster (--flink URL) and leave them running: new ones are submitted, "
    + "changed ones stopped with a savepoint and submitted from it, unchanged ones left alone.")
final class DeployCommand implements Callable<Integer> {
  /** How long a running version may take to accept the savepoint it is replaced from (its tasks still starting). */
  static final java.time.Duration SAVEPOINT_PATIENCE = java.time.Duration.ofMinutes(2);

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
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
        deploy(plan, runner, out);
      }
      out.flush();
      return 0;
    }
  }

  private static void deploy(ProductPlan plan, ProductRunner runner, PrintWriter out) throws InterruptedException {
    if (plan.batch()) {
      out.println(plan.product() + " " + plan.version() + ": a batch product, not deployed (weft run schedules it on its cron)");
      return;
    }
    FlinkCluster cluster = runner.cluster();
    List<ClusterJob> live = ProductJobs.live(cluster, plan);
    Optional<ClusterJob> same = live.stream().filter(job -> ProductJobs.version(job).equals(plan.version())).findFirst();
    if (same.isPresent()) {
      out.println(plan.product() + " " + plan.version() + ": unchanged, runs as job " + same.get().id());
      return;
    }
    Optional<String> savepoint = Optional.empty();
    for (ClusterJob older : live) {
      savepoint = Optional.of(ProductJobs.stopWithSavepoint(cluster, older, runner.checkpointDirectory(plan), SAVEPOINT_PATIENCE));
      out.println(plan.product() + " " + ProductJobs.version(older) + ": stopped with savepoint " + savepoint.get());
    }
    RunningProduct started = runner.start(plan, false, savepoint);
    out.println(plan.product() + " " + plan.version() + ": submitted as job " + started.jobId()
        + savepoint.map(s -> " from that savepoint").orElse(""));
  }
}
