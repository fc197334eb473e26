package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.spec.InvalidSpecException;
import dev.weft.execute.ChangeSources;
import dev.weft.execute.ReplicationSlots;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.spec.References;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft drop SPEC…}: releases what a stopped product holds on its sources: the replication
 * slot and publication of each CDC input. Its topic and table stay; a later run starts with a new
 * snapshot of its tables.
 */
@Command(name = "drop", description = "Drop the replication slots (and publications) of stopped products' CDC inputs.")
final class DropCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Override
  public Integer call() throws InvalidSpecException {
    var out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
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
