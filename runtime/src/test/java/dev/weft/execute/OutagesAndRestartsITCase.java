package dev.weft.execute;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductPlan;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL that holds the Iceberg catalog goes away for a while, a job fails: the product rides it out and says so. */
class OutagesAndRestartsITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  static {
    // retries in place outlast the outage; a restart would show in hasRestarted()
    STACK.options().set(WeftOptions.ICEBERG_COMMIT_RETRY_BUDGET, Duration.ofSeconds(30));
  }

  @Test
  void aFiveSecondCatalogOutagePublishesEveryRecordExactlyOnceWithoutARestart() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("shop.orders", "shop.orders.outage", "order-events", "order-events-outage")));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.outage", 2);
    OrderRecords first = new OrderRecords(0, 3_000);
    OrderRecords second = new OrderRecords(3_000, 6_000);
    topics.produce("shop.orders.outage", first.records);

    RunningProduct product = STACK.stack().runner().start(plan, false, Optional.empty());
    try {
      Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
      await(() -> {
        table.refresh();
        return table.currentSnapshot() != null;
      }, "a first commit");
      topics.produce("shop.orders.outage", second.records);
      STACK.stack().postgres().outage(Duration.ofSeconds(5));

      List<Long> valid = new ArrayList<>(first.validOrderIds());
      valid.addAll(second.validOrderIds());
      await(() -> {
        try {
          table.refresh();
          return Tables.readAll(table).size() >= valid.size();
        } catch (RuntimeException brokenConnection) {
          return false; // this test's own catalog connection broke with the outage; Iceberg reconnects on the next try
        }
      }, "all valid records in the table");
      assertThat(Tables.readAll(table).stream().map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(valid);
      await(() -> topics.readAll("orders.order-events-outage.v1").size() >= valid.size(), "all valid records on the topic");
      assertThat(topics.readAll("orders.order-events-outage.v1").stream().map(Topics::value).sorted())
          .containsExactlyElementsOf(valid.stream().map(OrderRecords::publishedJson).sorted().toList());
      assertThat(product.hasRestarted()).as("the commit was retried in place, not by a restart").isFalse();
      assertThat(product.restarts().count()).isZero();
    } finally {
      product.cancel();
    }
  }

  @Test
  void aRestartIsCountedWithItsCauseAndPause() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("shop.orders", "shop.orders.restart", "order-events", "order-events-restart")));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.restart", 1);
    OrderRecords first = new OrderRecords(0, 1_000);
    OrderRecords second = new OrderRecords(1_000, 2_000);
    topics.produce("shop.orders.restart", first.records);
    STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_RECORDS, 500L);
    RunningProduct product = STACK.stack().runner().start(plan, false, Optional.empty());
    try {
      Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
      // the injector fails at a record after a completed checkpoint: these come after the first commit
      await(() -> {
        table.refresh();
        return table.currentSnapshot() != null;
      }, "a first commit");
      topics.produce("shop.orders.restart", second.records);
      int valid = first.validOrderIds().size() + second.validOrderIds().size();
      await(() -> {
        table.refresh();
        return Tables.readAll(table).size() >= valid;
      }, "all valid records in the table");
      await(() -> product.restarts().status() == org.apache.flink.api.common.JobStatus.RUNNING, "the job running again");
      JobRestarts restarts = product.restarts();
      assertThat(restarts.count()).isEqualTo(1);
      assertThat(restarts.lastFailure())
          .hasValue("dev.weft.jobs.chaos.FailureInjector$InjectedFailure: injected failure after 500 records (--fail-after-records)");
      assertThat(restarts.lastPause()).as("the exponential backoff applied").isPresent();
      assertThat(restarts.describe()).startsWith("restart 1 after ")
          .endsWith(" ms: dev.weft.jobs.chaos.FailureInjector$InjectedFailure: injected failure after 500 records (--fail-after-records)");
    } finally {
      product.cancel();
      STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_RECORDS, 0L);
    }
  }
}
