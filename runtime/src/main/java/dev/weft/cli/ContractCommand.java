package dev.weft.cli;

import dev.weft.contract.OdcsContract;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.trino.TrinoIcebergCatalog;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft contract export SPEC… [--format odcs] [--out DIR]}: the products' data contracts, for tools that read contracts. */
@Command(name = "contract", description = "The products' data contracts, for data-contract tools.", subcommands = ContractCommand.Export.class)
final class ContractCommand {

  @Command(name = "export", description = "Write one ODCS v3 data contract (YAML) per product: schema, quality checks, SLA, team, servers.")
  static final class Export implements Callable<Integer> {
    @Spec picocli.CommandLine.Model.CommandSpec command;

    @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders; products read by others must be given with them.")
    List<Path> specs;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "odcs", description = "odcs (Open Data Contract Standard v3.1.0), the only one.")
    String format;

    @Option(names = "--out", paramLabel = "DIR",
        description = "Write <domain>.<name>.v<major>.odcs.yaml files into DIR (made if missing). Default: print the documents, separated by ---.")
    Path out;

    @Option(names = "--kafka", paramLabel = "HOST:PORT[,…]", defaultValue = "localhost:9092",
        description = "The bootstrap servers the contracts name for the topics. Default: localhost:9092.")
    String kafka;

    @Option(names = "--trino-catalog", paramLabel = "NAME", description = "Trino catalog the tables are queried in (the quality checks' SQL names it). Default: iceberg.")
    String trinoCatalog = TrinoIcebergCatalog.NAME;

    @Override
    public Integer call() throws Exception {
      if (!format.equals("odcs")) {
        throw new FlagException("unknown contract format '" + format + "': use odcs");
      }
      PrintWriter stdout = command.commandLine().getOut();
      ProductSet set = ProductSet.compile(specs);
      if (out != null) {
        Files.createDirectories(out);
      }
      boolean first = true;
      for (ProductPlan plan : set.plans()) {
        String yaml = OdcsContract.yaml(OdcsContract.of(set.spec(plan), plan, kafka, trinoCatalog));
        if (out == null) {
          stdout.print((first ? "" : "---\n") + yaml);
        } else {
          Path file = out.resolve(plan.names().product() + ".v" + plan.ref().major() + ".odcs.yaml");
          Files.writeString(file, yaml);
          stdout.println(plan.versionedName() + " -> " + file);
        }
        first = false;
      }
      stdout.flush();
      return 0;
    }
  }
}
