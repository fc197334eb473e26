package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.spec.InvalidSpecException;
import dev.weft.execute.ChangeSources;
import dev.weft.execute.ReplicationSlots;
import dev.weft.jobs.source.cdc.MySqlTable;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.spec.References;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RemoteFlinkCluster;
import dev.weft.execute.WeftOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft status SPEC…}: where each product publishes, how its last run in this work dir stands
 * (the process, its restarts, the newest retained checkpoint), and the state of its CDC replication
 * slots. With {@code --flink URL}, the run is the product's job on that session cluster instead: its
 * state, restarts, last checkpoint and lag, as the cluster reports them.
 */
@Command(name = "status", description = "Show each product's topic and table, its run (process, restarts, newest checkpoint), "
    + "and the replication slot of each CDC input. With --flink URL: each product's job on that session cluster (state, restarts, "
    + "last checkpoint, lag).")
final class StatusCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "The work dir the products run with (weft.work-dir). Default: .weft")
  Path workDir = Path.of(WeftOptions.WORK_DIR.defaultValue());

  @Option(names = "--flink", paramLabel = "URL", description = "REST address of a Flink session cluster: show each product's job there "
      + "(state, restarts, last checkpoint, lag) instead of its run in --work-dir.")
  String flinkUrl;

  @Override
  public Integer call() throws InvalidSpecException {
    var out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
    if (flinkUrl == null) {
      print(set, out, Optional.empty());
      return 0;
    }
    RemoteFlinkCluster cluster;
    try {
      cluster = RemoteFlinkCluster.connect(flinkUrl);
    } catch (IllegalArgumentException e) {
      command.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    try (cluster) {
      print(set, out, Optional.of(new ClusterRunStatus(cluster, Clock.systemUTC())));
    }
    return 0;
  }

  private void print(ProductSet set, java.io.PrintWriter out, Optional<ClusterRunStatus> onCluster) {
    for (ProductPlan plan : set.plans()) {
      out.println(plan.product() + " " + plan.version());
      out.println("  topic         " + plan.names().topic());
      out.println("  table         " + plan.names().qualifiedTable());
      if (!plan.batch()) {
        if (onCluster.isPresent()) {
          onCluster.get().print(plan, out);
        } else {
          new RunStatus(ProductRunner.checkpointDirectory(workDir.toString(), plan), Clock.systemUTC()).print(out);
        }
      }
      ChangeSources.resolve(plan, References.fromEnvironment()).forEach((input, source) -> {
        if (source instanceof PostgresTable table) {
          String state = ReplicationSlots.status(table)
              .map(slot -> (slot.active() ? "active" : "inactive") + ", confirmed up to " + slot.confirmedFlushLsn()
                  + ", retains " + slot.retainedWalBytes() + " bytes of WAL")
              .orElse("none yet (created when the product first runs)");
          out.println("  input " + input + "  slot " + table.slotName() + ": " + state);
        } else {
          out.println("  input " + input + "  binlog of " + source.hostname() + ":" + source.port()
              + " as replica server ids " + ((MySqlTable) source).serverIds() + " (MySQL keeps no slot)");
        }
      });
    }
    out.flush();
  }
}
