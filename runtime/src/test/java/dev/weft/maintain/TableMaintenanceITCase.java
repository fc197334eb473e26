package dev.weft.maintain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.MaintenancePlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.OrderFiles;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Compaction, snapshot expiry and orphan file removal on real Iceberg tables of real products. */
class TableMaintenanceITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
  private final TableMaintenance maintenance = new TableMaintenance(Duration.ofDays(3));

  @Test
  void compactionLeavesTheSameRowsInFewerFiles() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", Map.of("order-events", "order-events-small-files")));
    Table table = OrderFiles.tableOfSmallCommits(STACK.stack().runner().catalog(), plan, 200);
    List<String> rowsBefore = sorted(Tables.readAll(table));
    assertThat(rowsBefore).hasSize(1_000);

    MaintenanceResult result = maintenance.run(plan.product(), table, MaintenanceTask.COMPACT, plan.maintenance(), NOW);

    assertThat(result.before().liveFiles()).isEqualTo(200);
    // the 200 commits placed orders on 2 days: one file per day partition
    assertThat(result.after().liveFiles()).isEqualTo(2);
    assertThat(result.after().snapshots()).isEqualTo(201);
    assertThat(sorted(Tables.readAll(table))).isEqualTo(rowsBefore);
  }

  @Test
  void anUpsertTableKeepsOneRowPerKeyThroughCompactionExpiryAndOrphanRemoval() throws Exception {
    Map<String, String> rename = Map.of("crm.tier-changes", "crm.tier-changes.m", "customer-tiers", "customer-tiers-m");
    ProductPlan plan = Specs.compile(Specs.load("it/customer-tiers.yaml", rename));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("crm.tier-changes.m", 1);
    for (int round = 0; round < 3; round++) {
      List<Map.Entry<String, String>> changes = new ArrayList<>();
      for (long customer = 0; customer < 50; customer++) {
        changes.add(Map.entry(Long.toString(customer), "{\"customer_id\": " + customer + ", \"tier\": \"tier-" + round
            + "\", \"changed_at\": \"2026-11-0" + (round + 1) + "T10:00:00Z\"}"));
      }
      topics.produce("crm.tier-changes.m", changes);
      STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    }
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    List<String> rows = sorted(Tables.readAll(table));
    assertThat(rows).hasSize(50).allMatch(r -> r.contains("tier-2"));
    ProductSnapshot committed = ProductSnapshot.latest(table).orElseThrow();

    MaintenanceResult compaction = maintenance.run(plan.product(), table, MaintenanceTask.COMPACT, plan.maintenance(), NOW);
    assertThat(compaction.after().liveFiles()).isLessThan(compaction.before().liveFiles());
    assertThat(sorted(Tables.readAll(table))).isEqualTo(rows);

    MaintenancePlan keepNothing = new MaintenancePlan(Optional.empty(), Optional.of(Duration.ZERO));
    MaintenanceResult expiry = maintenance.run(plan.product(), table, MaintenanceTask.EXPIRE_SNAPSHOTS, keepNothing, Instant.now());
    // the newest snapshot the product committed (it records the input positions) and the compaction after it
    assertThat(expiry.after().snapshots()).isEqualTo(2);
    assertThat(expiry.after().storedFiles()).isLessThan(expiry.before().storedFiles());
    assertThat(ProductSnapshot.latest(table)).contains(committed);
    assertThat(sorted(Tables.readAll(table))).isEqualTo(rows);

    Path data = Path.of(java.net.URI.create(table.location())).resolve("data");
    Path old = Files.writeString(data.resolve("orphan-" + UUID.randomUUID() + ".parquet"), "left by a failed writer");
    Files.setLastModifiedTime(old, FileTime.from(NOW.minus(Duration.ofDays(4))));
    Path young = Files.writeString(data.resolve("in-flight-" + UUID.randomUUID() + ".parquet"), "not committed yet");
    Files.setLastModifiedTime(young, FileTime.from(NOW.minus(Duration.ofHours(1))));

    MaintenanceResult orphans = maintenance.run(plan.product(), table, MaintenanceTask.REMOVE_ORPHAN_FILES, plan.maintenance(), NOW);
    assertThat(orphans.after().storedFiles()).isEqualTo(orphans.before().storedFiles() - 1);
    assertThat(old).doesNotExist();
    assertThat(young).exists();
    assertThat(sorted(Tables.readAll(table))).isEqualTo(rows);
  }

  @Test
  void expiringWithoutKeepSnapshotsIsRefusedByName() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", Map.of("order-events", "order-events-keep")));
    Table table = IcebergTables.createIfMissing(STACK.stack().runner().catalog(), plan);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> maintenance.run(plan.product(), table, MaintenanceTask.EXPIRE_SNAPSHOTS, plan.maintenance(), NOW))
        .hasMessage("product orders.order-events-keep keeps every snapshot of its table: set outputs.table.keepSnapshots to expire them");
  }

  private static List<String> sorted(List<Record> rows) {
    return rows.stream().map(Record::toString).sorted(Comparator.naturalOrder()).toList();
  }
}
