package dev.weft.execute;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.plan.ProductPlan;
import dev.weft.execute.RunningProduct.ProductFailedException;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The topic transaction timeout: checked against the restart budget and the broker before a
 * product starts, and a restore later than it stops the product instead of letting the table
 * commit what the topic lost.
 */
class TransactionTimeoutITCase {
  private static final Duration TIMEOUT = Duration.ofSeconds(3);

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  static {
    // open at most 1s (checkpoint) + 200ms (commit retries) + 1s (restarts): a 3s timeout fits
    STACK.options().set(WeftOptions.KAFKA_TRANSACTION_TIMEOUT, TIMEOUT);
    STACK.options().set(WeftOptions.RESTART_BUDGET, Duration.ofSeconds(1));
    STACK.options().set(WeftOptions.ICEBERG_COMMIT_RETRY_BUDGET, Duration.ofMillis(200));
  }

  @AfterEach
  void resetOptions() {
    var options = STACK.stack().runner().options();
    options.set(WeftOptions.KAFKA_TRANSACTION_TIMEOUT, TIMEOUT);
    options.set(WeftOptions.RESTART_BUDGET, Duration.ofSeconds(1));
    options.set(WeftOptions.FAIL_BEFORE_FIRST_COMMIT, false);
  }

  @Test
  void aTimeoutShorterThanATransactionMayStayOpenIsRefusedBeforeAnythingRuns() throws Exception {
    ProductPlan plan = plan("short");
    STACK.stack().runner().options().set(WeftOptions.RESTART_BUDGET, Duration.ofSeconds(5));
    assertThatThrownBy(() -> STACK.stack().runner().start(plan, false, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product orders.order-events-short cannot start: weft.kafka.transaction-timeout (3s) must exceed how long "
            + "a checkpoint's transaction may stay open, checkpoint interval 1s + weft.iceberg.commit-retry-budget 200ms "
            + "+ weft.restart.budget 5s = 6200ms; set a longer --transaction-timeout or a shorter --restart-budget");
    assertThat(STACK.stack().runner().catalog().tableExists(IcebergTables.identifier(plan))).as("nothing created").isFalse();
  }

  @Test
  void aTimeoutAboveTheBrokersMaximumIsRefusedBeforeAnythingRuns() throws Exception {
    ProductPlan plan = plan("long");
    STACK.stack().runner().options().set(WeftOptions.KAFKA_TRANSACTION_TIMEOUT, Duration.ofMinutes(20));
    assertThatThrownBy(() -> STACK.stack().runner().start(plan, false, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product orders.order-events-long cannot start: weft.kafka.transaction-timeout (20m) exceeds the broker's "
            + "transaction.max.timeout.ms (900000 ms = 15m); set --transaction-timeout to at most 15m (and shorten "
            + "--restart-budget to fit) or raise transaction.max.timeout.ms on the brokers");
  }

  @Test
  void aRestoreLaterThanTheTimeoutStopsTheProductAndTheTableDoesNotCommitWhatTheTopicLost() throws Exception {
    ProductPlan plan = plan("late");
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.late", 1);
    OrderRecords orders = new OrderRecords(0, 1_000);
    topics.produce("shop.orders.late", orders.records);
    ProductRunner runner = STACK.stack().runner();

    // a crash after the first checkpoint, before topic or table committed it
    runner.options().set(WeftOptions.FAIL_BEFORE_FIRST_COMMIT, true);
    RunningProduct crashed = runner.start(plan, false, Optional.empty());
    assertThatThrownBy(() -> crashed.awaitFinished(Duration.ofMinutes(2)))
        .isInstanceOf(ProductFailedException.class)
        .hasMessage("product orders.order-events-late failed: recovery drill: product orders.order-events-late stopped before "
            + "its first commit (--fail-before-first-commit)");
    runner.options().set(WeftOptions.FAIL_BEFORE_FIRST_COMMIT, false);
    Path checkpoint = latestCheckpoint(runner.checkpointDirectory(plan).resolve(crashed.jobId().toString())).orElseThrow();
    long checkpointId = Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));

    // later than the timeout: the broker has aborted the checkpoint's transaction
    String transaction = plan.names().transactionalIdPrefix() + "-topic-0-" + checkpointId;
    try (Admin admin = Admin.create(STACK.stack().kafka().clientProperties())) {
      await(() -> aborted(admin, transaction), "the broker to abort " + transaction);
    }

    RunningProduct restored = runner.start(plan, false, Optional.of(checkpoint.toUri().toString()));
    assertThatThrownBy(() -> restored.awaitFinished(Duration.ofMinutes(2)))
        .isInstanceOf(ProductFailedException.class)
        .hasMessage("product orders.order-events-late failed: Product orders.order-events-late cannot commit checkpoint "
            + checkpointId + ": the Kafka broker aborted its topic transactions, which stayed open longer than "
            + "weft.kafka.transaction-timeout (3s), so the records of that checkpoint are not on the product's topics, and its "
            + "table was not given them either. To recover, start the product without that checkpoint (move "
            + runner.checkpointDirectory(plan) + " away): it then reads again from the input position its table records and "
            + "publishes those records to topic and table. If restores take this long, raise weft.kafka.transaction-timeout "
            + "(and the broker's transaction.max.timeout.ms).");
    assertThat(restored.hasRestarted()).as("a lost transaction is not restarted").isFalse();

    Table table = runner.catalog().loadTable(IcebergTables.identifier(plan));
    table.refresh();
    assertThat(table.currentSnapshot()).as("the table committed nothing of the lost checkpoint").isNull();
    assertThat(topics.readAll(plan.names().topic())).as("the topic holds nothing of it either").isEmpty();
  }

  private static boolean aborted(Admin admin, String transactionalId) {
    try {
      return admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.COMPLETE_ABORT)))
          .all().get().stream().anyMatch(t -> t.transactionalId().equals(transactionalId));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static ProductPlan plan(String suffix) throws Exception {
    return Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("shop.orders", "shop.orders." + suffix, "order-events", "order-events-" + suffix)));
  }

  private static Optional<Path> latestCheckpoint(Path jobCheckpoints) throws Exception {
    try (Stream<Path> dirs = Files.list(jobCheckpoints)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))));
    }
  }
}
