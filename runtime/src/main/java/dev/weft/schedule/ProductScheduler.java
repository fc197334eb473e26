package dev.weft.schedule;

import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.WeftOptions;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableMaintenance;
import dev.weft.spec.Durations;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Date;
import java.util.List;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TimeZone;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.catalog.Catalog;
import org.quartz.CronScheduleBuilder;
import org.quartz.CronTrigger;
import org.quartz.JobBuilder;
import org.quartz.JobDataMap;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.SimpleTrigger;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;

/**
 * Runs products' scheduled tasks (table maintenance) on Quartz with its JDBC job store: schedules
 * survive a restart, a run missed while no scheduler was up runs once when one starts, and runs of
 * one product never overlap.
 */
public final class ProductScheduler implements AutoCloseable {
  /** Quartz's name for this scheduler in the store: a restarted Weft finds its schedules under it. */
  static final String NAME = "weft";
  static final String JOBS = "products";
  static final String TRIGGERS = "maintenance";
  static final String BATCH = "batch";
  static final String RETRIES = "retries";

  private final Scheduler quartz;
  private final RunHistory history;

  private ProductScheduler(Scheduler quartz, RunHistory history) {
    this.quartz = quartz;
    this.history = history;
  }

  public static ProductScheduler start(
      ScheduleStore store, Catalog catalog, TableMaintenance maintenance, BatchRuns batchRuns, ProductRunListener listener,
      RetryPolicy retry, Clock clock)
      throws SchedulerException, SQLException {
    QuartzSchema.createIfMissing(store);
    RunHistory history = new RunHistory(store);
    Scheduler quartz = new StdSchedulerFactory(properties(store)).getScheduler();
    quartz.setJobFactory((bundle, scheduler) -> new ProductJob(catalog, maintenance, batchRuns, history, listener, retry, clock));
    quartz.start();
    return new ProductScheduler(quartz, history);
  }

  /** A scheduler on the catalog's database, with the maintenance and retry settings of the options. */
  public static ProductScheduler start(
      IcebergCatalogSettings settings, Catalog catalog, BatchRuns batchRuns, ProductRunListener listener, Configuration options) {
    try {
      return start(ScheduleStore.of(settings), catalog, new TableMaintenance(options.get(WeftOptions.ORPHAN_FILE_MIN_AGE)), batchRuns, listener,
          new RetryPolicy(options.get(WeftOptions.SCHEDULE_RETRIES), options.get(WeftOptions.SCHEDULE_RETRY_DELAY)), Clock.systemUTC());
    } catch (SchedulerException | SQLException e) {
      throw new IllegalStateException("cannot start the maintenance scheduler on " + settings.jdbcUrl() + ": " + e.getMessage(), e);
    }
  }

  private static Properties properties(ScheduleStore store) {
    Properties quartz = new Properties();
    quartz.setProperty(StdSchedulerFactory.PROP_SCHED_INSTANCE_NAME, NAME);
    quartz.setProperty("org.quartz.threadPool.threadCount", "2");
    quartz.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    quartz.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    // job data as strings, not serialized Java objects, in the database
    quartz.setProperty("org.quartz.jobStore.useProperties", "true");
    quartz.setProperty("org.quartz.jobStore.misfireThreshold", "60000");
    quartz.setProperty("org.quartz.jobStore.dataSource", "weft");
    quartz.setProperty("org.quartz.dataSource.weft.provider", "hikaricp");
    quartz.setProperty("org.quartz.dataSource.weft.driver", "org.postgresql.Driver");
    quartz.setProperty("org.quartz.dataSource.weft.URL", store.jdbcUrl());
    quartz.setProperty("org.quartz.dataSource.weft.user", store.user());
    quartz.setProperty("org.quartz.dataSource.weft.password", store.password());
    quartz.setProperty("org.quartz.dataSource.weft.maxConnections", "4");
    return quartz;
  }

  /**
   * Schedules a product's tasks. A task already scheduled at the same interval keeps its trigger,
   * and so its next (or missed) run time; tasks the product no longer has are unscheduled.
   */
  public void schedule(List<ScheduledTask> tasks, Optional<Duration> keepSnapshots) throws SchedulerException {
    if (tasks.isEmpty()) {
      return;
    }
    String product = tasks.get(0).product();
    JobKey job = storeJob(product, tasks.get(0).table(), keepSnapshots);
    Set<TriggerKey> wanted = new HashSet<>();
    for (ScheduledTask task : tasks) {
      TriggerKey key = TriggerKey.triggerKey(product + "/" + task.task().id(), TRIGGERS);
      wanted.add(key);
      Trigger existing = quartz.getTrigger(key);
      if (existing instanceof SimpleTrigger simple && simple.getRepeatInterval() == task.every().toMillis()) {
        continue;
      }
      Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
          .usingJobData(ProductJob.TASK, task.task().id())
          .startAt(Date.from(Instant.now().plus(task.every())))
          // missed while no scheduler ran: once now, then on the interval from now
          .withSchedule(SimpleScheduleBuilder.simpleSchedule().withIntervalInMilliseconds(task.every().toMillis())
              .repeatForever().withMisfireHandlingInstructionNowWithExistingCount())
          .build();
      if (existing == null) {
        quartz.scheduleJob(trigger);
      } else {
        quartz.rescheduleJob(key, trigger);
      }
    }
    for (Trigger trigger : quartz.getTriggersOfJob(job)) {
      if (trigger.getKey().getGroup().equals(TRIGGERS) && !wanted.contains(trigger.getKey())) {
        quartz.unscheduleJob(trigger.getKey());
      }
    }
  }

  /**
   * Runs a batch product at each time of its Quartz cron; a time missed while no scheduler ran is
   * made up once at the next start. An unchanged cron keeps its trigger.
   */
  public void scheduleBatch(String product, String table, String cron, Optional<Duration> keepSnapshots) throws SchedulerException {
    JobKey job = storeJob(product, table, keepSnapshots);
    TriggerKey key = TriggerKey.triggerKey(product + "/" + ProductJob.BATCH_RUN, BATCH);
    Trigger existing = quartz.getTrigger(key);
    if (existing instanceof CronTrigger current && current.getCronExpression().equals(cron)) {
      return;
    }
    Trigger trigger = TriggerBuilder.newTrigger().withIdentity(key).forJob(job)
        .usingJobData(ProductJob.TASK, ProductJob.BATCH_RUN)
        .withSchedule(CronScheduleBuilder.cronSchedule(cron).inTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC))
            .withMisfireHandlingInstructionFireAndProceed())
        .build();
    if (existing == null) {
      quartz.scheduleJob(trigger);
    } else {
      quartz.rescheduleJob(key, trigger);
    }
  }

  /** Runs the product's batch now, beside its schedule (after any run of the product in progress). */
  public void runBatchNow(String product) throws SchedulerException {
    quartz.triggerJob(jobKey(product), new JobDataMap(Map.of(ProductJob.TASK, ProductJob.BATCH_RUN)));
  }

  /** The one Quartz job of a product, which all its triggers fire. */
  private JobKey storeJob(String product, String table, Optional<Duration> keepSnapshots) throws SchedulerException {
    JobKey job = jobKey(product);
    quartz.addJob(JobBuilder.newJob(ProductJob.class).withIdentity(job).storeDurably()
        .usingJobData(ProductJob.PRODUCT, product)
        .usingJobData(ProductJob.TABLE, table)
        .usingJobData(ProductJob.KEEP_SNAPSHOTS, keepSnapshots.map(Duration::toString).orElse(""))
        .build(), true);
    return job;
  }

  /** Runs a scheduled task of a product now, beside its schedule (after any run of the product in progress). */
  public void runNow(String product, MaintenanceTask task) throws SchedulerException {
    JobDataMap data = new JobDataMap(Map.of(ProductJob.TASK, task.id()));
    quartz.triggerJob(jobKey(product), data);
  }

  /** The tasks scheduled for a product with their next run, as the store holds them. */
  public List<Scheduled> scheduled(String product) throws SchedulerException {
    List<Scheduled> scheduled = new ArrayList<>();
    for (Trigger trigger : quartz.getTriggersOfJob(jobKey(product))) {
      String task = trigger.getJobDataMap().getString(ProductJob.TASK);
      if (trigger instanceof SimpleTrigger simple && trigger.getKey().getGroup().equals(TRIGGERS)) {
        scheduled.add(new Scheduled(task, "every " + Durations.format(Duration.ofMillis(simple.getRepeatInterval())),
            trigger.getNextFireTime().toInstant()));
      } else if (trigger instanceof CronTrigger cron) {
        scheduled.add(new Scheduled(task, "cron " + cron.getCronExpression(), trigger.getNextFireTime().toInstant()));
      }
    }
    scheduled.sort(Comparator.comparing(Scheduled::task));
    return scheduled;
  }

  /**
   * A scheduled task and when it runs next.
   *
   * @param task a maintenance task's id or {@code batch-run}
   * @param schedule {@code every 1h} or {@code cron 0 0 3 * * ?}
   */
  public record Scheduled(String task, String schedule, Instant nextRun) {}

  public RunHistory history() {
    return history;
  }

  /** Every product with a schedule in the store. */
  public List<String> products() throws SchedulerException {
    return quartz.getJobKeys(GroupMatcher.jobGroupEquals(JOBS)).stream().map(JobKey::getName).sorted().collect(Collectors.toList());
  }

  static void scheduleRetry(Scheduler quartz, JobKey job, JobDataMap failed, int attempt, Instant at, Instant scheduledAt)
      throws SchedulerException {
    String task = failed.getString(ProductJob.TASK);
    quartz.scheduleJob(TriggerBuilder.newTrigger()
        .withIdentity(job.getName() + "/" + task + "/attempt-" + attempt + "/" + at.toEpochMilli(), RETRIES)
        .forJob(job)
        .usingJobData(ProductJob.TASK, task)
        .usingJobData(ProductJob.ATTEMPT, Integer.toString(attempt))
        .usingJobData(ProductJob.SCHEDULED_AT, scheduledAt.toString())
        .startAt(Date.from(at))
        .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
        .build());
  }

  private static JobKey jobKey(String product) {
    return JobKey.jobKey(product, JOBS);
  }

  /** Stops taking new runs and waits for the ones in progress. */
  @Override
  public void close() throws SchedulerException {
    quartz.shutdown(true);
  }
}
