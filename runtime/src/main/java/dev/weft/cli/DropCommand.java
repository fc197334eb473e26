package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ChangeSources;
import dev.weft.execute.ReplicationSlots;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.spec.References;
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
 * {@code weft drop SPEC…}: releases what a stopped product holds on its sources: the replication
 * slot and publication of each CDC input. Its topic and table stay; a later run starts with a new
 * snapshot of its tables. With {@code --table} it drops the product's table from the Iceberg catalog
 * instead (the way out when the table's files are gone), and the checkpoints that continue it.
 */
@Command(name = "drop", description = "Drop the replication slots (and publications) of stopped products' CDC inputs; "
    + "with --table, drop the products' tables from the Iceberg catalog instead.")
final class DropCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--table", description = "Drop each product's table from the Iceberg catalog (its files, if any, stay) and "
      + "its retained checkpoints, so that its next run rebuilds the table from its sources. Refused while the product runs.")
  boolean table;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Override
  public Integer call() throws Exception {
    var out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
    if (table) {
      Configuration options = flags.toConfiguration();
      return TableCatalog.use(options, catalog -> ProductTableDrop.drop(set.plans(), catalog, options, out, command.commandLine().getErr()));
    }
    for (ProductPlan plan : set.plans()) {
      ChangeSources.resolve(plan, References.fromEnvironment()).forEach((input, source) -> {
        if (source instanceof PostgresTable table) {
          out.println(plan.product() + " input " + input + ": " + (ReplicationSlots.drop(table)
              ? "dropped replication slot " + table.slotName() + " and its publication"
              : "no replication slot " + table.slotName() + " to drop"));
        }
      });
    }
    return 0;
  }
}
