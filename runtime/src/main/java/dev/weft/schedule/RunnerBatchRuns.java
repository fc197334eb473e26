package dev.weft.schedule;

import dev.weft.plan.CronWindows;
import dev.weft.plan.BatchWindow;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.RunningProduct.ProductFailedException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;

/** Batch runs of the products given to this Weft, on its runner. */
public final class RunnerBatchRuns implements BatchRuns {
  /** How long one batch run may take before it counts as failed. */
  static final Duration TIMEOUT = Duration.ofHours(2);

  private final ProductRunner runner;
  private final Map<String, ProductPlan> plans;
  private final ProductRunListener listener;

  public RunnerBatchRuns(ProductRunner runner, List<ProductPlan> plans) {
    this(runner, plans, ProductRunListener.NONE);
  }

  /** @param listener told when each run starts and ends (the catalog) */
  public RunnerBatchRuns(ProductRunner runner, List<ProductPlan> plans, ProductRunListener listener) {
    this.runner = runner;
    this.listener = listener;
    this.plans = plans.stream().filter(ProductPlan::batch).collect(Collectors.toMap(ProductPlan::versionedName, Function.identity()));
  }

  @Override
  public long run(String product, Instant at) throws Exception {
    ProductPlan plan = plans.get(product);
    if (plan == null) {
      throw new IllegalStateException("batch product " + product + " is scheduled, but its spec was not given to this run of Weft");
    }
    return run(plan, new CronWindows(plan.batchCron().orElseThrow()).latest(at));
  }

  /** Runs the product over one window and says how many rows it wrote. */
  public long run(ProductPlan plan, BatchWindow window) throws Exception {
    runner.provision(List.of(plan));
    Table table = IcebergTables.load(runner.catalog(), plan);
    Optional<Long> before = Optional.ofNullable(table.currentSnapshot()).map(Snapshot::snapshotId);
    RunningProduct run = runner.runBatch(plan, window);
    listener.started(run);
    try {
      run.awaitFinished(TIMEOUT);
    } catch (ProductFailedException e) {
      listener.failed(run, e.getMessage());
      throw e;
    } catch (TimeoutException e) {
      listener.failed(run, "product " + plan.product() + " did not finish its run within " + TIMEOUT);
      throw e;
    }
    listener.finished(run);
    table.refresh();
    Snapshot after = table.currentSnapshot();
    if (after == null || before.equals(Optional.of(after.snapshotId()))) {
      return 0;
    }
    return Long.parseLong(after.summary().getOrDefault(SnapshotSummary.ADDED_RECORDS_PROP, "0"));
  }
}
