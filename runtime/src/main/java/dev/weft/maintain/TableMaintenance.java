package dev.weft.maintain;

import dev.weft.plan.MaintenancePlan;
import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs one maintenance task on a product's table and says what it changed. */
public final class TableMaintenance {
  private static final Logger LOG = LoggerFactory.getLogger(TableMaintenance.class);

  private final Duration orphanMinimumAge;

  /** @param orphanMinimumAge how old an unreferenced file must be before it is deleted */
  public TableMaintenance(Duration orphanMinimumAge) {
    this.orphanMinimumAge = orphanMinimumAge;
  }

  public MaintenanceResult run(String product, Table table, MaintenanceTask task, MaintenancePlan plan, Instant now) {
    TableFiles before = TableFiles.of(table);
    switch (task) {
      case COMPACT -> DataFileCompaction.run(table);
      case EXPIRE_SNAPSHOTS -> SnapshotExpiry.run(table, plan.keepSnapshots().orElseThrow(() -> new IllegalArgumentException(
          "product " + product + " keeps every snapshot of its table: set outputs.table.keepSnapshots to expire them")), now);
      case REMOVE_ORPHAN_FILES -> OrphanFileRemoval.run(table, orphanMinimumAge, now);
    }
    TableFiles after = TableFiles.of(table);
    LOG.info("Product {}: {} of table {}: {} -> {} live files, {} -> {} snapshots, {} -> {} stored files", product, task.id(),
        table.name(), before.liveFiles(), after.liveFiles(), before.snapshots(), after.snapshots(), before.storedFiles(), after.storedFiles());
    return new MaintenanceResult(task, table.name(), before, after);
  }
}
