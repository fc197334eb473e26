package dev.weft.schedule;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.WeftOptions;
import dev.weft.maintain.MaintenanceTask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;

/** A maintenance task of a product's table and how often it runs. */
public record ScheduledTask(String product, String table, MaintenanceTask task, Duration every) {

  /**
   * What a product gets: compaction every {@code compactEvery} if set, snapshot expiry if it keeps
   * snapshots for a limited time, and orphan file removal always.
   */
  public static List<ScheduledTask> of(ProductPlan plan, Configuration options) {
    String table = IcebergTables.identifier(plan).toString();
    List<ScheduledTask> tasks = new ArrayList<>();
    plan.maintenance().compactEvery().ifPresent(every -> tasks.add(new ScheduledTask(plan.versionedName(), table, MaintenanceTask.COMPACT, every)));
    if (plan.maintenance().keepSnapshots().isPresent()) {
      tasks.add(new ScheduledTask(plan.versionedName(), table, MaintenanceTask.EXPIRE_SNAPSHOTS, options.get(WeftOptions.EXPIRE_SNAPSHOTS_EVERY)));
    }
    tasks.add(new ScheduledTask(plan.versionedName(), table, MaintenanceTask.REMOVE_ORPHAN_FILES, options.get(WeftOptions.REMOVE_ORPHAN_FILES_EVERY)));
    return tasks;
  }
}
