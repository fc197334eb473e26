package dev.weft.schedule;

import dev.weft.compile.MaintenancePlan;
import dev.weft.maintain.MaintenanceResult;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableMaintenance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobDataMap;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one maintenance task of one product and records it in the run history. There is one such
 * job per product, whatever the task, so that two runs of one product never overlap; a failed run
 * is tried again per the retry policy.
 */
@DisallowConcurrentExecution
final class MaintenanceJob implements Job {
  static final String PRODUCT = "product";
  static final String TABLE = "table";
  static final String TASK = "task";
  static final String KEEP_SNAPSHOTS = "keepSnapshots";
  static final String ATTEMPT = "attempt";

  private static final Logger LOG = LoggerFactory.getLogger(MaintenanceJob.class);

  private final Catalog catalog;
  private final TableMaintenance maintenance;
  private final RunHistory history;
  private final RetryPolicy retry;
  private final Clock clock;

  MaintenanceJob(Catalog catalog, TableMaintenance maintenance, RunHistory history, RetryPolicy retry, Clock clock) {
    this.catalog = catalog;
    this.maintenance = maintenance;
    this.history = history;
    this.retry = retry;
    this.clock = clock;
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    String product = data.getString(PRODUCT);
    MaintenanceTask task = MaintenanceTask.byId(data.getString(TASK)).orElseThrow();
    int attempt = data.containsKey(ATTEMPT) ? Integer.parseInt(data.getString(ATTEMPT)) : 1;
    Optional<Duration> keep = Optional.ofNullable(data.getString(KEEP_SNAPSHOTS)).filter(s -> !s.isEmpty()).map(Duration::parse);
    Instant started = clock.instant();
    try {
      Table table = catalog.loadTable(TableIdentifier.parse(data.getString(TABLE)));
      MaintenanceResult result = maintenance.run(product, table, task, new MaintenancePlan(Optional.empty(), keep), started);
      history.record(new ScheduledRun(product, task.id(), attempt, started, clock.instant(), ScheduledRun.Status.SUCCEEDED,
          Optional.of(result.before()), Optional.of(result.after()), Optional.empty()));
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("Product {}: {} failed (attempt {}): {}", product, task.id(), attempt, reason);
      try {
        history.record(new ScheduledRun(product, task.id(), attempt, started, clock.instant(), ScheduledRun.Status.FAILED,
            Optional.empty(), Optional.empty(), Optional.of(reason)));
        if (attempt <= retry.retries()) {
          ProductScheduler.scheduleRetry(context.getScheduler(), context.getJobDetail().getKey(), data, attempt + 1,
              clock.instant().plus(retry.delay()));
        }
      } catch (SchedulerException | java.sql.SQLException bookkeeping) {
        e.addSuppressed(bookkeeping);
      }
      throw new JobExecutionException(e, false);
    }
  }
}
