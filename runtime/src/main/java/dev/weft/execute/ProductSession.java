package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.execute.ProductRunListener.ProductRefusedException;
import dev.weft.execute.RunningProduct.ProductFailedException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

/**
 * Runs a set of products on a runner: until their inputs are drained (one after the other,
 * upstream first) or as streams until interrupted. Tells the user where everything is.
 */
public final class ProductSession {
  /** How long one product may take to drain its inputs in --until-idle mode. */
  static final Duration UNTIL_IDLE_TIMEOUT = Duration.ofHours(2);
  /** How often a streaming session looks whether a product has failed. */
  private static final Duration WATCH_INTERVAL = Duration.ofSeconds(1);

  private final ProductRunner runner;
  private final PrintWriter out;
  private final ProductReport report;
  private final ProductRunListener listener;
  private final SessionSchedules schedules;

  /**
   * @param report how each product is shown on {@code out}
   * @param listener told when products start and end (the catalog)
   * @param schedules what a streaming session runs on schedule: batch products, table maintenance
   */
  public ProductSession(ProductRunner runner, PrintWriter out, ProductReport report, ProductRunListener listener, SessionSchedules schedules) {
    this.runner = runner;
    this.schedules = schedules;
    this.out = out;
    this.report = report;
    // weft status, in another process, reads what the recorder writes beside each product's checkpoints
    this.listener = new RunStateRecorder(runner, listener);
  }

  public int run(List<ProductPlan> plans, boolean untilIdle) throws InterruptedException {
    try {
      listener.submitting(plans);
    } catch (ProductRefusedException e) {
      out.println(e.getMessage());
      out.flush();
      return 1;
    }
    runner.provision(plans);
    try {
      return untilIdle ? drain(plans) : stream(plans);
    } catch (ProductAlreadyRunningException e) {
      out.println(e.getMessage());
      out.flush();
      return 1;
    }
  }

  private int drain(List<ProductPlan> plans) throws InterruptedException {
    for (ProductPlan plan : plans) {
      out.println("running " + plan.product() + " until its inputs are drained …");
      out.flush();
      RunningProduct product = runner.start(plan, true, Optional.empty());
      listener.started(product);
      try {
        product.awaitFinished(UNTIL_IDLE_TIMEOUT);
        listener.finished(product);
      } catch (ProductFailedException e) {
        listener.failed(product, e.getMessage());
        out.println(e.getMessage());
        return 1;
      } catch (TimeoutException e) {
        listener.failed(product, "product " + plan.product() + " did not drain its inputs within " + UNTIL_IDLE_TIMEOUT);
        out.println("product " + plan.product() + " did not drain its inputs within " + UNTIL_IDLE_TIMEOUT);
        return 1;
      }
      report.print(plan, out);
    }
    return 0;
  }

  /**
   * Runs until Ctrl-C (products stop at their last checkpoint and resume from there) or a failure,
   * with their tables' maintenance on schedule meanwhile.
   */
  private int stream(List<ProductPlan> plans) throws InterruptedException {
    try (SessionSchedules.Running scheduler = schedules.start(plans, listener)) {
      return stream(plans, scheduler);
    } catch (SessionSchedules.SchedulingException e) {
      out.println(e.getMessage());
      return 1;
    }
  }

  private int stream(List<ProductPlan> plans, SessionSchedules.Running scheduler) throws InterruptedException, SessionSchedules.SchedulingException {
    List<RunningProduct> running = new ArrayList<>();
    for (ProductPlan plan : plans) {
      if (plan.batch()) {
        scheduler.scheduleBatch(plan);
        report.printLocations(plan, out);
        out.println("  batch runs    cron " + plan.batchCron().get() + " (weft run --until-idle runs it now)");
      } else {
        RunningProduct product = runner.start(plan, false, Optional.empty());
        running.add(product);
        listener.started(product);
        report.printLocations(plan, out);
      }
      out.println("  maintenance   " + scheduler.scheduleMaintenance(plan));
    }
    out.println("products are running; Ctrl-C stops them (against your own Kafka and catalog, each resumes where it stopped next time;"
        + " an embedded run starts from nothing)");
    out.flush();
    AtomicBoolean stopping = new AtomicBoolean();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      stopping.set(true);
      running.forEach(RunningProduct::cancel);
      // before the JVM goes: the catalog hears that these runs were stopped, not that they ended
      running.forEach(listener::stopped);
    }, "weft-stop-products"));
    List<RunningProduct> watched = new ArrayList<>(running);
    Map<JobID, Integer> restartsSeen = new HashMap<>();
    // batch products run on their cron as long as the session lasts
    boolean scheduled = plans.stream().anyMatch(ProductPlan::batch);
    while (!stopping.get() && (!watched.isEmpty() || scheduled)) {
      if (watched.isEmpty()) {
        Thread.sleep(WATCH_INTERVAL.toMillis());
      }
      for (RunningProduct product : List.copyOf(watched)) {
        Optional<String> retired = listener.retired(product.plan());
        if (retired.isPresent()) {
          watched.remove(product);
          product.cancel();
          // a deliberate end of its run: the catalog gets its last sample and COMPLETE
          listener.finished(product);
          out.println("product " + product.plan().versionedName() + " stopped: " + retired.get()
              + " (its topic " + product.plan().names().topic() + " and table " + product.plan().names().qualifiedTable() + " stay)");
          out.flush();
          continue;
        }
        reportRestarts(product, restartsSeen, listener, out);
        try {
          product.awaitFinished(WATCH_INTERVAL);
          watched.remove(product);
          listener.finished(product);
          out.println("product " + product.plan().product() + " finished");
          out.flush();
        } catch (TimeoutException stillRunning) {
          // next product
        } catch (ProductFailedException e) {
          if (stopping.get()) {
            return 0;
          }
          listener.failed(product, e.getMessage());
          out.println(e.getMessage());
          out.flush();
          running.forEach(RunningProduct::cancel);
          return 1;
        }
      }
    }
    return 0;
  }

  /** A restart the product has made since the last look, once it runs again: printed and told to the listener. */
  private static void reportRestarts(RunningProduct product, Map<JobID, Integer> seen, ProductRunListener listener, PrintWriter out) {
    JobRestarts restarts;
    try {
      restarts = product.restarts();
    } catch (RuntimeException gone) {
      return; // the job has ended meanwhile: awaitFinished tells how
    }
    if (restarts.count() > seen.getOrDefault(product.jobId(), 0) && restarts.status() == JobStatus.RUNNING) {
      seen.put(product.jobId(), restarts.count());
      listener.restarted(product, restarts);
      out.println("product " + product.plan().product() + " " + restarts.describe());
      out.flush();
    }
  }
}
