package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.jobs.sink.ReadPositionReporter;
import dev.weft.jobs.sink.SourcePositions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.iceberg.Table;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends a product's run until idle: the job runs like a streaming one, and once it has read every
 * record its inputs held when it started (its read-position accumulators say so, or its table's
 * positions), it is stopped with a savepoint into the product's checkpoint folder. The savepoint commits what is pending to topic and table (Flink notifies the
 * operators of a stop-with-savepoint's completion, unlike an intermediate savepoint's) and keeps
 * the job's state (joins, changelogs, open windows) for the next start, which restores it. A
 * bounded run that finished would instead mark its sources finished and lose that state.
 */
final class UntilIdleStop {
  private static final Logger LOG = LoggerFactory.getLogger(UntilIdleStop.class);
  private static final Duration CHECK_EVERY = Duration.ofMillis(200);
  /** Stop attempts refused in a row before the run is given up (tasks still starting, a restart under way). */
  private static final int MAX_REFUSED_STOPS = 300;

  private UntilIdleStop() {}

  /** @return completes with the savepoint's path, or exceptionally when the stop could not be made */
  static CompletableFuture<String> start(ProductPlan plan, JobID job, FlinkCluster cluster, Table table, InputEnds ends,
      Properties kafka, Path savepoints) {
    CompletableFuture<String> stopped = new CompletableFuture<>();
    Thread thread = new Thread(() -> {
      try {
        stopped.complete(run(plan, job, cluster, table, ends, kafka, savepoints));
      } catch (RuntimeException | InterruptedException e) {
        LOG.error("Product {}: cannot stop its run until idle: {}", plan.product(), e.getMessage(), e);
        stopped.completeExceptionally(e);
        if (cluster.isRunning() && !cluster.status(job).isGloballyTerminalState()) {
          cluster.cancel(job);
        }
      }
    }, "weft-until-idle " + plan.product());
    thread.setDaemon(true);
    thread.start();
    return stopped;
  }

  private static String run(ProductPlan plan, JobID job, FlinkCluster cluster, Table table, InputEnds ends,
      Properties kafka, Path savepoints) throws InterruptedException {
    Map<TopicPartition, Long> targets = ends.lastRecords(kafka, () -> ended(cluster, job));
    int refused = 0;
    while (!ended(cluster, job)) {
      table.refresh();
      SourcePositions committed = ProductSnapshot.latest(table).map(ProductSnapshot::positions).orElse(SourcePositions.empty());
      // read up to the ends is enough: the savepoint commits what was read before it, to topic and table
      if (covers(committed, targets) || read(cluster.accumulators(job), targets)) {
        try {
          String savepoint = cluster.stopWithSavepoint(job, savepoints);
          table.refresh();
          SourcePositions made = ProductSnapshot.latest(table).map(ProductSnapshot::positions).orElse(SourcePositions.empty());
          if (!covers(made, targets)) {
            throw new IllegalStateException("product " + plan.product() + " stopped with savepoint " + savepoint + " once it had read its "
                + "inputs up to " + targets + ", but its table records only " + made.toJson() + "; run it again to continue");
          }
          LOG.info("Product {} has caught up with its inputs and stopped with savepoint {}", plan.product(), savepoint);
          return savepoint;
        } catch (RuntimeException notYet) {
          // not every task is running yet, or the job is restarting: try again
          LOG.debug("Product {}: stop with savepoint not taken yet: {}", plan.product(), notYet.getMessage());
          if (++refused == MAX_REFUSED_STOPS) {
            throw new IllegalStateException("product " + plan.product() + " has caught up with its inputs, but Flink refused "
                + refused + " times to stop it with a savepoint into " + savepoints + "; last: " + notYet.getMessage(), notYet);
          }
        }
      }
      Thread.sleep(CHECK_EVERY.toMillis());
    }
    return null;
  }

  private static boolean ended(FlinkCluster cluster, JobID job) {
    return !cluster.isRunning() || cluster.status(job).isGloballyTerminalState();
  }

  /** Whether the job's read-position accumulators ({@link ReadPositionReporter#READ_ACCUMULATOR}) reach every target. */
  private static boolean read(Map<String, Object> accumulators, Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream().allMatch(target ->
        accumulators.get(ReadPositionReporter.readAccumulator(target.getKey().topic(), target.getKey().partition())) instanceof Long read
            && read >= target.getValue());
  }

  private static boolean covers(SourcePositions committed, Map<TopicPartition, Long> targets) {
    return targets.entrySet().stream().allMatch(target -> {
      Long read = committed.partitions(target.getKey().topic()).get(target.getKey().partition());
      return read != null && read >= target.getValue();
    });
  }
}
