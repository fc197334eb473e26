package dev.weft.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.compile.IcebergTables;
import dev.weft.compile.ProductPlan;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A batch product over an upstream product's table: exact aggregates, and a re-run that changes nothing. */
class BatchProductITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

  @Test
  void aDailyAggregateOverAnUpstreamTableIsExactAndARerunIsIdempotent() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.b", "order-events", "order-events-b");
    ProductSpec upstream = Specs.load("it/order-events.yaml", rename);
    ProductPlan orders = Specs.compile(upstream);
    ProductPlan totals = Specs.compile(Specs.load("it/daily-order-totals.yaml", rename), upstream);
    assertThat(totals.batch()).isTrue();
    assertThat(totals.inputs().get(0).upstreamTable()).contains("orders.order_events_b_v1");

    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.b", 2);
    Map<String, long[]> expectedCounts = new TreeMap<>();
    Map<String, BigDecimal> expectedRevenue = new TreeMap<>();
    produceOrders(topics, 1, 600, expectedCounts, expectedRevenue);
    STACK.stack().runner().start(orders, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    STACK.stack().runner().start(totals, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(totals));
    Map<String, String> firstRun = rows(table);
    assertThat(firstRun).isEqualTo(expected(expectedCounts, expectedRevenue));
    assertThat(firstRun).hasSize(9);
    assertThat(topics.readAll(totals.names().topic())).hasSize(9);

    STACK.stack().runner().start(totals, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    assertThat(Tables.readAll(table)).as("one row per day and currency after a re-run").hasSize(9);
    assertThat(rows(table)).isEqualTo(firstRun);

    // more orders upstream: the next run recomputes the days they fall on
    produceOrders(topics, 601, 900, expectedCounts, expectedRevenue);
    STACK.stack().runner().start(orders, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    STACK.stack().runner().start(totals, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    assertThat(rows(table)).isEqualTo(expected(expectedCounts, expectedRevenue));
  }

  /** Orders {@code from..to} (inclusive) on 2026-11-01..03 in three currencies, all valid. */
  private static void produceOrders(Topics topics, int from, int to, Map<String, long[]> counts, Map<String, BigDecimal> revenue)
      throws Exception {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      String day = "2026-11-0" + (1 + i % 3);
      String currency = CURRENCIES[(i / 3) % 3];
      BigDecimal total = new BigDecimal(i % 50 + 1 + ".25");
      records.add(Map.entry(Integer.toString(i), "{\"order_id\": " + i + ", \"customer_id\": " + (i % 40) + ", \"total\": " + total
          + ", \"currency\": \"" + currency.toLowerCase() + "\", \"created_at\": \"" + day + "T1" + (i % 10) + ":00:00Z\"}"));
      String group = day + "/" + currency;
      counts.computeIfAbsent(group, g -> new long[1])[0]++;
      revenue.merge(group, total, BigDecimal::add);
    }
    topics.produce("shop.orders.b", records);
  }

  private static Map<String, String> expected(Map<String, long[]> counts, Map<String, BigDecimal> revenue)
      throws Exception {
    Map<String, String> rows = new TreeMap<>();
    counts.forEach((group, count) -> rows.put(group, count[0] + " orders, " + revenue.get(group)));
    return rows;
  }

  private static Map<String, String> rows(Table table) {
    Map<String, String> rows = new TreeMap<>();
    for (Record row : Tables.readAll(table)) {
      String previous = rows.put(row.getField("order_day") + "/" + row.getField("currency"),
          row.getField("orders") + " orders, " + row.getField("revenue"));
      assertThat(previous).as("two rows for %s/%s", row.getField("order_day"), row.getField("currency")).isNull();
    }
    return rows;
  }
}
