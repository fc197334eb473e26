package dev.weft.cli;

import dev.weft.schedule.ScheduleStore;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.WeftOptions;
import dev.weft.maintain.MaintenanceResult;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableFiles;
import dev.weft.maintain.TableMaintenance;
import dev.weft.schedule.RunHistory;
import dev.weft.execute.ScheduledRun;
import dev.weft.schedule.ScheduledTask;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/** {@code weft maintain SPEC…}: the products' table maintenance, now, recorded in the run history. */
@Command(name = "maintain", description = "Run table maintenance of products now (compaction, snapshot expiry, orphan file removal), "
    + "against --catalog-uri or the embedded catalog; each run is recorded in the run history.")
final class MaintainCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--task", paramLabel = "TASK", converter = TaskConverter.class,
      description = "compact, expire-snapshots or remove-orphan-files; repeat for more. Default: the tasks each product has on schedule.")
  List<MaintenanceTask> tasks;

  @Option(names = "--history", description = "Print the recorded runs of the products' scheduled and manual maintenance instead.")
  boolean history;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
    Configuration options = flags.toConfiguration();
    return TableCatalog.use(options, catalog -> maintain(set.plans(), catalog, options, out));
  }

  private int maintain(List<ProductPlan> plans, IcebergCatalogSettings settings, Configuration options, PrintWriter out) throws Exception {
    Catalog catalog = settings.open();
    RunHistory runs = new RunHistory(ScheduleStore.of(settings));
    if (history) {
      for (ProductPlan plan : plans) {
        out.println(plan.product());
        for (ScheduledRun run : runs.of(plan.versionedName())) {
          out.println("  " + run.startedAt() + "  " + run.task() + "  attempt " + run.attempt() + "  " + run.status().name().toLowerCase()
              + run.message().map(m -> ": " + m).orElse("") + run.after().map(after -> "  " + change(run.before().orElseThrow(), after)).orElse("")
              + (run.rows().isPresent() ? "  " + run.rows().getAsLong() + " rows" : ""));
        }
      }
      return 0;
    }
    TableMaintenance maintenance = new TableMaintenance(options.get(WeftOptions.ORPHAN_FILE_MIN_AGE));
    for (ProductPlan plan : plans) {
      TableIdentifier id = IcebergTables.identifier(plan);
      if (!catalog.tableExists(id)) {
        out.println("product " + plan.product() + " has no table yet (" + id + "): run it first");
        return 1;
      }
      Table table = catalog.loadTable(id);
      List<MaintenanceTask> todo = tasks != null ? tasks : ScheduledTask.of(plan, options).stream().map(ScheduledTask::task).toList();
      for (MaintenanceTask task : todo) {
        Instant started = Instant.now();
        MaintenanceResult result = maintenance.run(plan.product(), table, task, plan.maintenance(), started);
        runs.record(new ScheduledRun(plan.versionedName(), task.id(), 1, started, Instant.now(), ScheduledRun.Status.SUCCEEDED,
            Optional.of(result.before()), Optional.of(result.after()), OptionalLong.empty(), Optional.empty()));
        out.println(plan.product() + "  " + task.id() + "  " + change(result.before(), result.after()));
        out.flush();
      }
    }
    return 0;
  }

  private static String change(TableFiles before, TableFiles after) {
    return "live files " + before.liveFiles() + " -> " + after.liveFiles()
        + ", snapshots " + before.snapshots() + " -> " + after.snapshots()
        + ", stored files " + before.storedFiles() + " -> " + after.storedFiles();
  }

  static final class TaskConverter implements ITypeConverter<MaintenanceTask> {
    @Override
    public MaintenanceTask convert(String value) {
      return MaintenanceTask.byId(value).orElseThrow(() -> new TypeConversionException("unknown task '" + value + "': use "
          + Arrays.stream(MaintenanceTask.values()).map(MaintenanceTask::id).collect(Collectors.joining(", "))));
    }
  }
}
