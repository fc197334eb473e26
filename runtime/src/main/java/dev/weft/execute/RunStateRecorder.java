package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each product's {@link ProductRunState} beside its checkpoints as its run goes, then tells
 * the listener it wraps (the catalog). A state that cannot be written is logged: it never stops a
 * product.
 */
public final class RunStateRecorder implements ProductRunListener {
  private static final Logger LOG = LoggerFactory.getLogger(RunStateRecorder.class);

  private final ProductRunner runner;
  private final ProductRunListener next;
  private final Map<String, ProductRunState> states = new ConcurrentHashMap<>();

  public RunStateRecorder(ProductRunner runner, ProductRunListener next) {
    this.runner = runner;
    this.next = next;
  }

  @Override
  public void submitting(List<ProductPlan> plans) {
    next.submitting(plans);
  }

  @Override
  public void started(RunningProduct product) {
    record(product, ProductRunState.started(product));
    next.started(product);
  }

  @Override
  public void finished(RunningProduct product) {
    update(product, "FINISHED", "");
    next.finished(product);
  }

  @Override
  public void stopped(RunningProduct product) {
    update(product, "STOPPED", "");
    next.stopped(product);
  }

  @Override
  public void failed(RunningProduct product, String reason) {
    update(product, "FAILED", reason);
    next.failed(product, reason);
  }

  @Override
  public void restarted(RunningProduct product, JobRestarts restarts) {
    ProductRunState state = states.get(product.jobId().toString());
    if (state != null) {
      record(product, state.restarted(restarts));
    }
    next.restarted(product, restarts);
  }

  @Override
  public void recorded(ScheduledRun run) {
    next.recorded(run);
  }

  @Override
  public Optional<String> retired(ProductPlan plan) {
    return next.retired(plan);
  }

  private void update(RunningProduct product, String state, String reason) {
    ProductRunState current = states.get(product.jobId().toString());
    if (current != null) {
      record(product, current.ended(state, reason));
    }
  }

  private void record(RunningProduct product, ProductRunState state) {
    states.put(product.jobId().toString(), state);
    try {
      state.write(runner.checkpointDirectory(product.plan()));
    } catch (RuntimeException e) {
      LOG.warn("Product {}: weft status will not show this run: {}", product.plan().product(), e.getMessage());
    }
  }
}
