package dev.weft.cdc;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.RunningProduct;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example orders-with-tier product: the order-events product's topic joined with the shop's customers table
 * captured by CDC, on the embedded stack's own shop database. Tier changes and deletes in the
 * database reach the enriched orders.
 */
class CdcJoinITCase {
  private static final String[] SEEDED_TIERS = {"gold", "silver", "bronze"};

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void ordersCarryTheTierTheirCustomerHasInTheDatabaseNow() throws Exception {
    ProductPlan plan = ProductSet.compile(List.of(Path.of("../product-specs/orders"))).plans().stream()
        .filter(p -> p.product().equals("orders.orders-with-tier")).findFirst().orElseThrow();
    STACK.stack().runner().provision(ProductSet.compile(List.of(Path.of("../product-specs/orders"))).plans());
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());

    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int order = 1; order <= 104; order++) {
      long customer = (order - 1) % 52 + 1;
      orders.add(Map.entry(Integer.toString(order), "{\"order_id\": " + order + ", \"customer_id\": " + customer
          + ", \"order_total\": " + order + ".50, \"currency\": \"EUR\", \"channel\": \"web\", \"placed_at\": \"2026-11-20T08:00:00Z\"}"));
    }
    // the order-events product's topic, as that product would have published it
    topics.produce("orders.order-events.v1", orders);

    RunningProduct product = STACK.stack().runner().start(plan, false, Optional.empty());
    try {
      Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
      Map<Long, String> tiers = new java.util.HashMap<>();
      for (long customer = 1; customer <= 52; customer++) {
        tiers.put(customer, customer > 50 ? "platinum" : SEEDED_TIERS[(int) (customer % 3)]);
      }
      await(() -> enriched(table).equals(expected(tiers)), "every order enriched with its customer's seeded tier");

      try (Connection shop = DriverManager.getConnection(STACK.stack().shop().url(), STACK.stack().shop().user(), "");
          Statement change = shop.createStatement()) {
        change.executeUpdate("UPDATE public.customers SET tier = 'gold', updated_at = now() WHERE customer_id = 7");
        change.executeUpdate("DELETE FROM public.customers WHERE customer_id = 8");
      }
      tiers.put(7L, "gold");
      tiers.remove(8L);
      await(() -> enriched(table).equals(expected(tiers)), "the tier change and the deleted customer in the enriched orders");

      assertThat(enriched(table)).containsExactlyElementsOf(expected(tiers));
      assertThat(topics.readAll(plan.names().deadLetterTopic())).isEmpty();
    } finally {
      product.cancel();
    }
  }

  /** order_id, customer_id, tier (or null for a customer who is gone), by order. */
  private static List<String> expected(Map<Long, String> tiers) {
    List<String> rows = new ArrayList<>();
    for (int order = 1; order <= 104; order++) {
      long customer = (order - 1) % 52 + 1;
      rows.add(order + " " + customer + " " + order + ".50 EUR " + tiers.get(customer));
    }
    return rows;
  }

  private static List<String> enriched(Table table) {
    return Tables.readAll(table).stream()
        .sorted(java.util.Comparator.comparingLong(r -> (Long) r.getField("order_id")))
        .map(r -> r.getField("order_id") + " " + r.getField("customer_id") + " " + r.getField("order_total") + " "
            + r.getField("currency") + " " + r.getField("customer_tier"))
        .toList();
  }
}
