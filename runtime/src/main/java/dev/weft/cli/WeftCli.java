package dev.weft.cli;

import dev.weft.execute.ChangeSourceException;
import dev.weft.spec.InvalidSpecException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weft} command. */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    version = "weft 0.1.0",
    description = "Data products from one YAML spec: a Flink job, a Kafka topic and an Iceberg table.",
    subcommands = {ValidateCommand.class, PlanCommand.class, RunCommand.class, DevCommand.class, StatusCommand.class, DropCommand.class,
        MaintainCommand.class, BackfillCommand.class, CatalogCommand.class, CostCommand.class, QueryCommand.class, AccessCommand.class, RetireCommand.class,
        PiiCommand.class, VerifyCommand.class, DeployCommand.class, StopCommand.class, ContractCommand.class, ImpactCommand.class, RedriveCommand.class})
public final class WeftCli {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return commandLine().execute(args);
  }

  /**
   * The command line, with refusals that are the user's to fix (specs with problems, a CDC input
   * that cannot be read, a reference that is not set, a missing input topic) printed as their
   * message, not a stack trace.
   */
  public static CommandLine commandLine() {
    return new CommandLine(new WeftCli()).setExecutionExceptionHandler((e, cli, parsed) -> {
      if (e instanceof FlagException) {
        cli.getErr().println(e.getMessage());
        return 2;
      }
      if (e instanceof InvalidSpecException invalid) {
        invalid.problems().forEach(cli.getErr()::println);
        return 1;
      }
      if (e instanceof ChangeSourceException || e instanceof IllegalArgumentException || e instanceof IllegalStateException
          || e instanceof dev.weft.catalog.client.CatalogException) {
        cli.getErr().println(e.getMessage());
        return 1;
      }
      throw e;
    });
  }
}
