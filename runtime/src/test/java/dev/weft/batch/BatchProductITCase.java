package dev.weft.batch;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.ProductRunner;
import dev.weft.schedule.ProductScheduler;
import dev.weft.schedule.RunnerBatchRuns;
import dev.weft.execute.ScheduledRun;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A batch product over an upstream product's table: exact aggregates, and a re-run that changes nothing. */
class BatchProductITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void aDailyAggregateOverAnUpstreamTableIsExactAndARerunIsIdempotent() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.b", "order-events", "order-events-b");
    ProductSpec upstream = Specs.load("it/order-events.yaml", rename);
    ProductPlan orders = Specs.compile(upstream);
    ProductPlan totals = Specs.compile(Specs.load("it/daily-order-totals.yaml", rename), upstream);
    assertThat(totals.batch()).isTrue();
    assertThat(((InputPlan.Upstream) totals.inputs().get(0)).table()).isEqualTo("orders.order_events_b_v1");

    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.b", 2);
    Map<String, long[]> expectedCounts = new TreeMap<>();
    Map<String, BigDecimal> expectedRevenue = new TreeMap<>();
    DailyOrders.produce(topics, "shop.orders.b", 1, 600, expectedCounts, expectedRevenue);
    STACK.stack().runner().start(orders, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    STACK.stack().runner().start(totals, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(totals));
    Map<String, String> firstRun = DailyOrders.rows(table);
    assertThat(firstRun).isEqualTo(DailyOrders.expected(expectedCounts, expectedRevenue));
    assertThat(firstRun).hasSize(9);
    assertThat(topics.readAll(totals.names().topic())).hasSize(9);

    STACK.stack().runner().start(totals, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    assertThat(Tables.readAll(table)).as("one row per day and currency after a re-run").hasSize(9);
    assertThat(DailyOrders.rows(table)).isEqualTo(firstRun);

    // more orders upstream: the next run recomputes the days they fall on
    DailyOrders.produce(topics, "shop.orders.b", 601, 900, expectedCounts, expectedRevenue);
    STACK.stack().runner().start(orders, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    STACK.stack().runner().start(totals, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    assertThat(DailyOrders.rows(table)).isEqualTo(DailyOrders.expected(expectedCounts, expectedRevenue));
  }

  @Test
  void aBatchProductWhoseUpstreamTableIsMissingIsRefusedByName() throws Exception {
    Map<String, String> rename = Map.of("order-events", "order-events-never-run", "daily-order-totals", "daily-order-totals-early");
    ProductPlan totals = Specs.compile(Specs.load("it/daily-order-totals.yaml", rename), Specs.load("it/order-events.yaml", rename));
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> STACK.stack().runner().start(totals, true, Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("product finance.daily-order-totals-early reads the table orders.order_events_never_run_v1 of product "
            + "orders.order-events-never-run@1, which does not exist yet; run that product first");
  }

  @Test
  void theSchedulerRunsABatchProductOnItsCronAndRecordsTheRowsItWrote() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.c", "order-events", "order-events-c",
        "daily-order-totals", "daily-order-totals-c");
    ProductSpec upstream = Specs.load("it/order-events.yaml", rename);
    ProductPlan orders = Specs.compile(upstream);
    ProductPlan totals = Specs.compile(Specs.load("it/daily-order-totals.yaml", rename), upstream);
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.c", 2);
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> revenue = new TreeMap<>();
    DailyOrders.produce(topics, "shop.orders.c", 1, 300, counts, revenue);
    STACK.stack().runner().start(orders, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    ProductRunner runner = STACK.stack().runner();
    try (ProductScheduler scheduler = ProductScheduler.start(STACK.stack().catalog(), runner.catalog(),
        new RunnerBatchRuns(runner, List.of(totals)), ProductRunListener.NONE, new Configuration())) {
      // every 2 seconds instead of the spec's nightly time
      scheduler.scheduleBatch(totals.versionedName(), IcebergTables.identifier(totals).toString(), "0/2 * * * * ?", Optional.empty());
      assertThat(scheduler.scheduled(totals.versionedName())).extracting(ProductScheduler.Scheduled::task, ProductScheduler.Scheduled::schedule)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("batch-run", "cron 0/2 * * * * ?"));
      await(() -> runs(scheduler, totals.versionedName()).size() >= 1, "a scheduled batch run");
      ScheduledRun first = runs(scheduler, totals.versionedName()).get(0);
      assertThat(first.task()).isEqualTo("batch-run");
      assertThat(first.status()).as(first.message().orElse("")).isEqualTo(ScheduledRun.Status.SUCCEEDED);
      assertThat(first.rows()).hasValue(9);
    }
    Table table = runner.catalog().loadTable(IcebergTables.identifier(totals));
    assertThat(DailyOrders.rows(table)).isEqualTo(DailyOrders.expected(counts, revenue));
  }

  private static List<ScheduledRun> runs(ProductScheduler scheduler, String product) {
    try {
      return scheduler.history().of(product);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
