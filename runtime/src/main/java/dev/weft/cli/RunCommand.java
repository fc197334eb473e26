package dev.weft.cli;

import dev.weft.compile.ProductSet;
import dev.weft.dev.DevStack;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.LocalFlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
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

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Override
  public Integer call() throws Exception {
    var err = command.commandLine().getErr();
    ProductSet set = ProductSet.compile(specs);
    if (policies.check(set, command.commandLine().getErr()) > 0) {
      return 1;
    }
    Configuration options = flags.toConfiguration();
    boolean external = options.getOptional(WeftOptions.KAFKA_BOOTSTRAP_SERVERS).isPresent();
    if (external != options.getOptional(WeftOptions.CATALOG_URI).isPresent()) {
      err.println("--kafka and --catalog-uri go together: give both to use your own services, or neither for the embedded ones");
      return 2;
    }
    if (!external) {
      try (DevStack stack = DevStack.start(options)) {
        command.commandLine().getOut().println("embedded stack: Kafka " + stack.kafka().bootstrapServers()
            + ", Iceberg catalog " + stack.catalog().jdbcUrl() + " (catalog name " + stack.catalog().name() + ")");
        return new ProductSession(stack.runner(), command.commandLine().getOut()).run(set.plans(), untilIdle);
      }
    }
    Properties kafka = new Properties();
    kafka.setProperty("bootstrap.servers", options.get(WeftOptions.KAFKA_BOOTSTRAP_SERVERS));
    IcebergCatalogSettings catalog = IcebergCatalogSettings.external(options);
    try (LocalFlinkCluster flink = LocalFlinkCluster.start(LocalFlinkCluster.DEFAULT_SLOTS);
        ProductRunner runner = new ProductRunner(flink, kafka, catalog, options)) {
      return new ProductSession(runner, command.commandLine().getOut()).run(set.plans(), untilIdle);
    }
  }
}
