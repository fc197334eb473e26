package dev.weft.schedule;

import dev.weft.execute.IcebergTables;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.SessionSchedules;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.Durations;
import java.util.List;
import java.util.stream.Collectors;
import org.quartz.SchedulerException;

/** A session's schedules on the {@link ProductScheduler}, kept in the runner's catalog database; batch runs start on the runner. */
public final class QuartzSessionSchedules implements SessionSchedules {
  private final ProductRunner runner;

  public QuartzSessionSchedules(ProductRunner runner) {
    this.runner = runner;
  }

  @Override
  public Running start(List<ProductPlan> plans, ProductRunListener listener) {
    ProductScheduler scheduler = ProductScheduler.start(runner.catalogSettings(), runner.catalog(),
        new RunnerBatchRuns(runner, plans, listener), listener, runner.options());
    return new Running() {
      @Override
      public void scheduleBatch(ProductPlan plan) throws SchedulingException {
        try {
          scheduler.scheduleBatch(plan.versionedName(), IcebergTables.identifier(plan).toString(), plan.batchCron().orElseThrow(),
              plan.maintenance().keepSnapshots());
        } catch (SchedulerException e) {
          throw new SchedulingException("the batch runs of " + plan.versionedName() + " could not be scheduled: " + e.getMessage(), e);
        }
      }

      @Override
      public String scheduleMaintenance(ProductPlan plan) throws SchedulingException {
        List<ScheduledTask> tasks = ScheduledTask.of(plan, runner.options());
        try {
          scheduler.schedule(tasks, plan.maintenance().keepSnapshots());
        } catch (SchedulerException e) {
          throw new SchedulingException("the maintenance of " + plan.versionedName() + " could not be scheduled: " + e.getMessage(), e);
        }
        return tasks.stream().map(t -> t.task().id() + " every " + Durations.format(t.every())).collect(Collectors.joining(", "));
      }

      @Override
      public void close() throws SchedulingException {
        try {
          scheduler.close();
        } catch (SchedulerException e) {
          throw new SchedulingException("the maintenance scheduler did not stop cleanly: " + e.getMessage(), e);
        }
      }
    };
  }
}
