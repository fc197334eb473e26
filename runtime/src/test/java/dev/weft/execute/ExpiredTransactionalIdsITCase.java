package dev.weft.execute;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.plan.ProductPlan;
import dev.weft.dev.EmbeddedKafka;
import dev.weft.execute.RunningProduct.ProductFailedException;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every start restores the newest checkpoint and commits its topic transactions again. A broker
 * forgets a transactional id {@code transactional.id.expiration.ms} (7 days by default) after its
 * last transaction; a product started again after that must not stop over transactions its table
 * shows committed. Here the broker forgets them after a second.
 */
class ExpiredTransactionalIdsITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private static EmbeddedKafka forgetful;
  private static ProductRunner runner;

  @BeforeAll
  static void startForgetfulBroker() {
    forgetful = EmbeddedKafka.start(Map.of(
        "transactional.id.expiration.ms", "1000",
        "transaction.remove.expired.transaction.cleanup.interval.ms", "500"));
    runner = new ProductRunner(STACK.stack().flink(), forgetful.clientProperties(), STACK.stack().catalog(),
        new Configuration(STACK.options()));
  }

  /** A checkpoint every 10 s: a run stopped right after its first commit has taken no second checkpoint. */
  @BeforeEach
  void slowCheckpoints() {
    Configuration options = runner.options();
    options.addAll(STACK.options());
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(10));
    options.set(WeftOptions.KAFKA_TRANSACTION_TIMEOUT, WeftOptions.KAFKA_TRANSACTION_TIMEOUT.defaultValue());
    options.set(WeftOptions.FAIL_BEFORE_FIRST_COMMIT, false);
  }

  @AfterAll
  static void stopBroker() throws Exception {
    runner.close();
    forgetful.close();
  }

  @Test
  void aRunAfterTheBrokerForgotTheRestoredTransactionsPublishesEverythingOnce() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("shop.orders", "shop.orders.week", "order-events", "order-events-week")));
    Topics topics = new Topics(forgetful.clientProperties());
    topics.create("shop.orders.week", 1);
    OrderRecords first = new OrderRecords(0, 500);
    OrderRecords second = new OrderRecords(500, 1_000);
    topics.produce("shop.orders.week", first.records);
    runner.provision(List.of(plan));
    Table table = runner.catalog().loadTable(IcebergTables.identifier(plan));

    // stopped as Ctrl-C stops it, right after its first checkpoint committed everything: that
    // checkpoint, retained, holds its topic transactions, and the next start commits them again
    RunningProduct streaming = runner.start(plan, false, Optional.empty());
    await(() -> {
      table.refresh();
      return table.currentSnapshot() != null;
    }, "the first checkpoint's commit");
    streaming.cancel();
    await(() -> streaming.status().isGloballyTerminalState(), "the job to stop");
    assertThat(RetainedCheckpoints.newest(runner.checkpointDirectory(plan)).orElseThrow().getFileName())
        .as("no later checkpoint was taken (the interval is 10 s)").hasToString("chk-1");
    String prefix = plan.names().transactionalIdPrefix();
    try (Admin admin = Admin.create(forgetful.clientProperties())) {
      await(() -> known(admin, prefix).isEmpty(), "the broker to forget the transactional ids " + prefix + "-*");
    }
    topics.produce("shop.orders.week", second.records);

    runner.start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(2));

    List<Long> valid = new ArrayList<>(first.validOrderIds());
    valid.addAll(second.validOrderIds());
    table.refresh();
    assertThat(Tables.readAll(table).stream().map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(valid);
    assertThat(topics.readAll(plan.names().topic()).stream().map(Topics::value).sorted())
        .containsExactlyElementsOf(valid.stream().map(OrderRecords::publishedJson).sorted().toList());
  }

  /**
   * What Weft cannot decide: a crash before a checkpoint's topic commit, then a start after the
   * broker aborted that checkpoint's transactions and forgot them. It stops, saying so.
   */
  @Test
  void aRestoredTransactionTheBrokerForgotStopsTheProductSayingSo() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("shop.orders", "shop.orders.lost", "order-events", "order-events-lost")));
    Topics topics = new Topics(forgetful.clientProperties());
    topics.create("shop.orders.lost", 1);
    topics.produce("shop.orders.lost", new OrderRecords(0, 500).records);
    Configuration options = runner.options();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    options.set(WeftOptions.KAFKA_TRANSACTION_TIMEOUT, Duration.ofSeconds(3));
    options.set(WeftOptions.RESTART_BUDGET, Duration.ofSeconds(1));
    options.set(WeftOptions.ICEBERG_COMMIT_RETRY_BUDGET, Duration.ofMillis(200));
    options.set(WeftOptions.FAIL_BEFORE_FIRST_COMMIT, true);
    RunningProduct crashed = runner.start(plan, false, Optional.empty());
    assertThatThrownBy(() -> crashed.awaitFinished(Duration.ofMinutes(2))).isInstanceOf(ProductFailedException.class);
    options.set(WeftOptions.FAIL_BEFORE_FIRST_COMMIT, false);
    String prefix = plan.names().transactionalIdPrefix();
    try (Admin admin = Admin.create(forgetful.clientProperties())) {
      await(() -> known(admin, prefix).isEmpty(), "the broker to abort and forget the transactions " + prefix + "-*");
    }

    RunningProduct restored = runner.start(plan, false, Optional.empty());
    assertThatThrownBy(() -> restored.awaitFinished(Duration.ofMinutes(2)))
        .isInstanceOf(ProductFailedException.class)
        .hasMessage("product orders.order-events-lost failed: Product orders.order-events-lost cannot commit checkpoint 1 again: "
            + "the Kafka broker no longer knows its topic transactions (it forgets a transactional id "
            + "transactional.id.expiration.ms after its last use, 7 days by default), and the table's last commit does not show "
            + "them committed, so the topic may or may not hold that checkpoint's records. To recover, start the product without "
            + "that checkpoint (move " + runner.checkpointDirectory(plan) + " away): it then reads again from the input position "
            + "its table records, and the topic may get that checkpoint's records a second time. Start a product that crashed "
            + "within transactional.id.expiration.ms, or raise it on the brokers.");
  }

  private static List<String> known(Admin admin, String prefix) {
    try {
      return admin.listTransactions().all().get().stream().map(t -> t.transactionalId()).filter(id -> id.startsWith(prefix)).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
