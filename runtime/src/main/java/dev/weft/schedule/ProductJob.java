package dev.weft.schedule;

import dev.weft.execute.ScheduledRun;
import dev.weft.plan.MaintenancePlan;
import dev.weft.execute.ProductRunListener;
import dev.weft.maintain.MaintenanceResult;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableMaintenance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
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
 * Runs one scheduled task of one product (a batch run or a maintenance task) and records it in the
 * run history. There is one such job per product, whatever the task, so that two runs of one
 * product never overlap; a failed run is tried again per the retry policy.
 */
@DisallowConcurrentExecution
final class ProductJob implements Job {
  /** The task id of a batch product's run. */
  static final String BATCH_RUN = "batch-run";
  static final String PRODUCT = "product";
  static final String TABLE = "table";
  static final String TASK = "task";
  static final String KEEP_SNAPSHOTS = "keepSnapshots";
  static final String ATTEMPT = "attempt";
  /** For a retry: the time the failed run was scheduled for. */
  static final String SCHEDULED_AT = "scheduledAt";

  private static final Logger LOG = LoggerFactory.getLogger(ProductJob.class);

  private final Catalog catalog;
  private final TableMaintenance maintenance;
  private final BatchRuns batchRuns;
  private final RunHistory history;
  private final ProductRunListener listener;
  private final RetryPolicy retry;
  private final Clock clock;

  ProductJob(Catalog catalog, TableMaintenance maintenance, BatchRuns batchRuns, RunHistory history, ProductRunListener listener,
      RetryPolicy retry, Clock clock) {
    this.listener = listener;
    this.catalog = catalog;
    this.maintenance = maintenance;
    this.batchRuns = batchRuns;
    this.history = history;
    this.retry = retry;
    this.clock = clock;
  }

  private void record(ScheduledRun run) throws java.sql.SQLException {
    history.record(run);
    listener.recorded(run);
  }

  @Override
  public void execute(JobExecutionContext context) throws JobExecutionException {
    JobDataMap data = context.getMergedJobDataMap();
    String product = data.getString(PRODUCT);
    String task = data.getString(TASK);
    int attempt = data.containsKey(ATTEMPT) ? Integer.parseInt(data.getString(ATTEMPT)) : 1;
    Optional<Duration> keep = Optional.ofNullable(data.getString(KEEP_SNAPSHOTS)).filter(s -> !s.isEmpty()).map(Duration::parse);
    Instant started = clock.instant();
    try {
      if (task.equals(BATCH_RUN)) {
        // a run made up for a missed time, or a retry, still covers the window of the time it is for
        Instant at = data.containsKey(SCHEDULED_AT) ? Instant.parse(data.getString(SCHEDULED_AT))
            : context.getScheduledFireTime().toInstant();
        long rows = batchRuns.run(product, at);
        record(new ScheduledRun(product, task, attempt, started, clock.instant(), ScheduledRun.Status.SUCCEEDED,
            Optional.empty(), Optional.empty(), OptionalLong.of(rows), Optional.empty()));
        return;
      }
      Table table = catalog.loadTable(TableIdentifier.parse(data.getString(TABLE)));
      MaintenanceTask maintenanceTask = MaintenanceTask.byId(task).orElseThrow(() -> new IllegalStateException("unknown task " + task));
      MaintenanceResult result = maintenance.run(product, table, maintenanceTask, new MaintenancePlan(Optional.empty(), keep), started);
      record(new ScheduledRun(product, task, attempt, started, clock.instant(), ScheduledRun.Status.SUCCEEDED,
          Optional.of(result.before()), Optional.of(result.after()), OptionalLong.empty(), Optional.empty()));
    } catch (Exception e) {
      String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      LOG.warn("Product {}: {} failed (attempt {}): {}", product, task, attempt, reason);
      try {
        record(new ScheduledRun(product, task, attempt, started, clock.instant(), ScheduledRun.Status.FAILED,
            Optional.empty(), Optional.empty(), OptionalLong.empty(), Optional.of(reason)));
        if (attempt <= retry.retries()) {
          Instant scheduledAt = data.containsKey(SCHEDULED_AT) ? Instant.parse(data.getString(SCHEDULED_AT))
              : context.getScheduledFireTime().toInstant();
          ProductScheduler.scheduleRetry(context.getScheduler(), context.getJobDetail().getKey(), data, attempt + 1,
              clock.instant().plus(retry.delay()), scheduledAt);
        }
      } catch (SchedulerException | java.sql.SQLException bookkeeping) {
        e.addSuppressed(bookkeeping);
      }
      throw new JobExecutionException(e, false);
    }
  }
}
