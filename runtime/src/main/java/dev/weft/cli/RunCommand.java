package dev.weft.cli;

import dev.weft.execute.ProductSession;
import dev.weft.schedule.QuartzSessionSchedules;
import dev.weft.plan.ProductSet;
import dev.weft.execute.EncryptionKeys;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft run SPEC…}: runs products on a local Flink cluster against given or embedded Kafka and catalog. */
@Command(name = "run", description = "Run products on a local Flink MiniCluster (embedded Kafka and catalog unless --kafka/--catalog-uri).")
final class RunCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--until-idle", description = "Process what the inputs hold now, commit, and stop.")
  boolean untilIdle;

  @Option(names = "--apply-acls", description = "Before products start, add their Kafka ACLs to the cluster as weft access --apply does, "
      + "signed in as the run is (which must then be allowed to manage ACLs); a cluster without authorizer is reported and left alone.")
  boolean applyAcls;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Override
  public Integer call() throws Exception {
    var err = command.commandLine().getErr();
    ProductSet set = ProductSet.compile(specs);
    Configuration options = flags.checkedConfiguration();
    if (policies.check(set, err, flags.catalogServiceUrl()) > 0) {
      return 1;
    }
    // before any service starts: a missing key is the user's to fix
    EncryptionKeys.check(set.plans(), EncryptionKeys.lookup(options));
    ProductServices services;
    try {
      services = ProductServices.open(options, command.commandLine().getOut());
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    try (services) {
      var out = command.commandLine().getOut();
      if (applyAcls) {
        try {
          AccessCommand.applyKafkaAcls(set, services.runner().kafka(), options, false, out);
        } catch (IllegalStateException e) {
          err.println("products not started: " + e.getMessage());
          return 1;
        }
      }
      return new ProductSession(services.runner(), out, new ProductStatus(services.runner()), services.catalog().reporter(set, services.runner(), options, out), new QuartzSessionSchedules(services.runner()))
          .run(set.plans(), untilIdle);
    }
  }
}
