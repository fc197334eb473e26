package dev.weft.schedule;

import dev.weft.execute.ScheduledRun;
import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductPlan;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.ProductRunListener;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableMaintenance;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.OrderFiles;
import dev.weft.testing.Specs;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Quartz with its JDBC store on the embedded PostgreSQL: restarts, missed runs, retries, no overlap. */
class ProductSchedulerITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private static final RetryPolicy NO_RETRIES = new RetryPolicy(0, Duration.ofSeconds(1));

  @Test
  void schedulesSurviveARestartAndARunMissedMeanwhileRunsOnceOnStart() throws Exception {
    ProductPlan plan = provisioned("maintained-orders-restart", 3);
    String product = plan.versionedName();
    try (ProductScheduler scheduler = start(NO_RETRIES)) {
      scheduler.schedule(ScheduledTask.of(plan, new Configuration()), plan.maintenance().keepSnapshots());
      assertThat(scheduler.scheduled(product)).extracting(ProductScheduler.Scheduled::task, ProductScheduler.Scheduled::schedule)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("compact", "every 1h"),
              org.assertj.core.groups.Tuple.tuple("expire-snapshots", "every 1h"),
              org.assertj.core.groups.Tuple.tuple("remove-orphan-files", "every 1d"));
    }
    // while no scheduler runs, the expiry's time comes and goes twice
    setNextRun(product + "/expire-snapshots", Instant.now().minus(Duration.ofMinutes(150)));

    try (ProductScheduler scheduler = start(NO_RETRIES)) {
      await(() -> runs(scheduler, product).size() == 1, "the missed expiry to run");
      List<ScheduledRun> runs = runs(scheduler, product);
      assertThat(runs.get(0).task()).isEqualTo("expire-snapshots");
      assertThat(runs.get(0).status()).isEqualTo(ScheduledRun.Status.SUCCEEDED);
      assertThat(runs.get(0).before().orElseThrow().snapshots()).isEqualTo(3);
      // kept for 7 days: nothing to expire yet
      assertThat(runs.get(0).after().orElseThrow().snapshots()).isEqualTo(3);
      List<ProductScheduler.Scheduled> scheduled = scheduler.scheduled(product);
      assertThat(scheduled).hasSize(3);
      // once, not once per missed time: the next run is an interval away
      assertThat(scheduled.get(1).nextRun()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));
    }
  }

  @Test
  void aFailingRunIsRetriedPerPolicyAndRecordedAsFailed() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/maintained-orders.yaml", Map.of("maintained-orders", "never-provisioned")));
    try (ProductScheduler scheduler = start(new RetryPolicy(1, Duration.ofMillis(500)))) {
      scheduler.schedule(ScheduledTask.of(plan, new Configuration()), plan.maintenance().keepSnapshots());
      scheduler.runNow(plan.versionedName(), MaintenanceTask.EXPIRE_SNAPSHOTS);
      await(() -> runs(scheduler, plan.versionedName()).size() == 2, "the run and its retry");
      Thread.sleep(2_000); // no third attempt comes
      assertThat(runs(scheduler, plan.versionedName()))
          .extracting(ScheduledRun::task, ScheduledRun::attempt, ScheduledRun::status, r -> r.message().orElse(""))
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("expire-snapshots", 1, ScheduledRun.Status.FAILED, "Table does not exist: orders.never_provisioned_v1"),
              org.assertj.core.groups.Tuple.tuple("expire-snapshots", 2, ScheduledRun.Status.FAILED, "Table does not exist: orders.never_provisioned_v1"));
    }
  }

  @Test
  void runsOfOneProductNeverOverlap() throws Exception {
    ProductPlan plan = provisioned("maintained-orders-overlap", 20);
    try (ProductScheduler scheduler = start(NO_RETRIES)) {
      scheduler.schedule(ScheduledTask.of(plan, new Configuration()), plan.maintenance().keepSnapshots());
      scheduler.runNow(plan.versionedName(), MaintenanceTask.COMPACT);
      scheduler.runNow(plan.versionedName(), MaintenanceTask.EXPIRE_SNAPSHOTS);
      scheduler.runNow(plan.versionedName(), MaintenanceTask.REMOVE_ORPHAN_FILES);
      await(() -> runs(scheduler, plan.versionedName()).size() == 3, "three runs");
      List<ScheduledRun> runs = runs(scheduler, plan.versionedName());
      assertThat(runs).extracting(ScheduledRun::status).containsOnly(ScheduledRun.Status.SUCCEEDED);
      assertThat(runs).extracting(ScheduledRun::task).containsExactlyInAnyOrder("compact", "expire-snapshots", "remove-orphan-files");
      for (int i = 1; i < runs.size(); i++) {
        assertThat(runs.get(i).startedAt()).as("run %d starts after run %d ended", i, i - 1).isAfterOrEqualTo(runs.get(i - 1).endedAt());
      }
      ScheduledRun compaction = runs.stream().filter(r -> r.task().equals("compact")).findFirst().orElseThrow();
      assertThat(compaction.before().orElseThrow().liveFiles()).isEqualTo(20);
      assertThat(compaction.after().orElseThrow().liveFiles()).isEqualTo(1);
    }
  }

  /** A maintained product whose table has {@code commits} small commits. */
  private static ProductPlan provisioned(String name, int commits) throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/maintained-orders.yaml", Map.of("maintained-orders", name)));
    OrderFiles.tableOfSmallCommits(STACK.stack().runner().catalog(), plan, commits);
    return plan;
  }

  private static ProductScheduler start(RetryPolicy retry) throws Exception {
    return ProductScheduler.start(store(), STACK.stack().runner().catalog(), new TableMaintenance(Duration.ofDays(3)), BatchRuns.NONE, ProductRunListener.NONE, retry,
        Clock.systemUTC());
  }

  private static ScheduleStore store() {
    IcebergCatalogSettings catalog = STACK.stack().catalog();
    return new ScheduleStore(catalog.jdbcUrl(), catalog.user(), catalog.password());
  }

  private static List<ScheduledRun> runs(ProductScheduler scheduler, String product) {
    try {
      return scheduler.history().of(product);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void setNextRun(String trigger, Instant at) throws SQLException {
    ScheduleStore store = store();
    try (Connection db = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password());
        PreparedStatement update = db.prepareStatement("UPDATE qrtz_triggers SET next_fire_time = ? WHERE trigger_name = ?")) {
      update.setLong(1, at.toEpochMilli());
      update.setString(2, trigger);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }
}
