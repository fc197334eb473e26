package dev.weft.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code weft} command. */
@Command(
    name = "weft",
    mixinStandardHelpOptions = true,
    version = "weft 0.1.0",
    description = "Data products from one YAML spec: a Flink job, a Kafka topic and an Iceberg table.",
    subcommands = {ValidateCommand.class, PlanCommand.class, RunCommand.class, DevCommand.class})
public final class WeftCli {

  public static void main(String[] args) {
    System.exit(execute(args));
  }

  public static int execute(String... args) {
    return new CommandLine(new WeftCli()).execute(args);
  }
}
