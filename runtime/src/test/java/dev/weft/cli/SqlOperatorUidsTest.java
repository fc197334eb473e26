package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductPlan;
import dev.weft.translate.SqlOperatorUids;
import dev.weft.spec.SpecLoader;
import dev.weft.testing.Specs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/** The uids of stateful SQL operators, as the job (and weft plan) gets them, across spec edits. */
class SqlOperatorUidsTest {
  static final String COUNTS = """
      apiVersion: weft/v1
      kind: DataProduct
      metadata: { name: order-counts, domain: orders, version: 1.0.0, owner: orders-team@acme.example }
      inputs:
        - name: orders
          kafka:
            topic: shop.orders
            columns:
              - { name: order_id, type: BIGINT }
              - { name: customer_id, type: BIGINT }
              - { name: total, type: "DECIMAL(12,2)" }
              - { name: currency, type: STRING }
      schema:
        primaryKey: [customer_id]
        columns:
          - { name: customer_id, type: BIGINT, nullable: false }
          - { name: order_count, type: BIGINT }
      transform: |
        SELECT customer_id, COUNT(*) AS order_count
        FROM orders
        WHERE total > 0
        GROUP BY customer_id
      quality:
        rules:
          - { name: some-orders, check: "order_count > 0" }
      """;

  @Test
  void compatibleEditsKeepTheUidsOfStatefulOperatorsAndIncompatibleOnesChangeThem() throws Exception {
    List<String> original = statefulUids(COUNTS);
    assertThat(original).hasSize(1);
    assertThat(original.get(0)).startsWith("orders.order-counts.v1/sql/GroupAggregate-");
    assertThat(statefulUids(COUNTS)).as("planned again in the same JVM").isEqualTo(original);

    assertThat(statefulUids(COUNTS.replace("WHERE total > 0", "WHERE total > 10 AND currency <> 'XXX'")))
        .as("another filter before the aggregate").isEqualTo(original);
    assertThat(statefulUids(COUNTS.replace("order_count > 0", "order_count >= 1")
        .replace("  - { name: some-orders", "  - { name: few-orders, check: \"order_count < 1000\" }\n    - { name: some-orders")))
        .as("a changed and an added quality rule").isEqualTo(original);
    assertThat(statefulUids(COUNTS
        .replace("SELECT customer_id, COUNT(*) AS order_count", "SELECT customer_id, COUNT(*) AS order_count, customer_id * 10 AS code")
        .replace("    - { name: order_count, type: BIGINT }", "    - { name: order_count, type: BIGINT }\n    - { name: code, type: BIGINT }")))
        .as("a column added after the aggregate").isEqualTo(original);
    assertThat(statefulUids(COUNTS.replace("quality:", "stateTtl: 7d\nquality:")))
        .as("state that expires is kept apart from state that does not").doesNotContainAnyElementsOf(original);
    assertThat(statefulUids(COUNTS.replace("quality:", "stateTtl: 7d\nquality:")))
        .isEqualTo(statefulUids(COUNTS.replace("quality:", "stateTtl: 30d\nquality:")));

    assertThat(statefulUids(COUNTS.replace("GROUP BY customer_id", "GROUP BY customer_id, currency")))
        .as("another grouping key").hasSize(1).doesNotContainAnyElementsOf(original);
    assertThat(statefulUids(COUNTS.replace("COUNT(*) AS order_count", "SUM(order_id) AS order_count")))
        .as("another aggregate function of the same type").hasSize(1).doesNotContainAnyElementsOf(original);
  }

  static final String TIERS = """
      apiVersion: weft/v1
      kind: DataProduct
      metadata: { name: order-tiers, domain: orders, version: 1.0.0, owner: orders-team@acme.example }
      inputs:
        - name: orders
          kafka:
            topic: shop.orders
            columns:
              - { name: order_id, type: BIGINT }
              - { name: customer_id, type: BIGINT }
              - { name: total, type: "DECIMAL(12,2)" }
        - name: customers
          kafka:
            topic: shop.customers
            columns:
              - { name: customer_id, type: BIGINT }
              - { name: tier, type: STRING }
              - { name: country, type: STRING }
      schema:
        columns:
          - { name: order_id, type: BIGINT }
          - { name: tier, type: STRING }
      transform: |
        SELECT o.order_id, c.tier
        FROM orders o JOIN customers c ON o.customer_id = c.customer_id
        WHERE c.tier <> 'none'
      quality:
        rules:
          - { name: has-tier, check: "tier IS NOT NULL" }
      """;

  @Test
  void aJoinKeepsItsUidAcrossFiltersAndRulesButNotWhenItKeepsOtherColumns() throws Exception {
    List<String> original = statefulUids(TIERS);
    assertThat(original).hasSize(1);
    assertThat(original.get(0)).startsWith("orders.order-tiers.v1/sql/Join-");
    assertThat(statefulUids(TIERS.replace("WHERE c.tier <> 'none'", "WHERE c.tier <> 'unknown' AND c.tier IS NOT NULL")
        .replace("tier IS NOT NULL\"", "CHAR_LENGTH(tier) > 0\"")))
        .as("another filter on a column the join keeps anyway, another rule").isEqualTo(original);
    assertThat(statefulUids(TIERS.replace("SELECT o.order_id, c.tier", "SELECT o.order_id, c.tier, c.country")
        .replace("    - { name: order_id, type: BIGINT }\n    - { name: tier, type: STRING }\n",
            "    - { name: order_id, type: BIGINT }\n    - { name: tier, type: STRING }\n    - { name: country, type: STRING }\n")))
        .as("a column the join must now keep").hasSize(1).doesNotContainAnyElementsOf(original);
    assertThat(statefulUids(TIERS.replace("JOIN customers c", "LEFT JOIN customers c").replace("WHERE c.tier <> 'none'", "")
        .replace("schema:\n", "schema:\n  primaryKey: [order_id]\n")))
        .as("another join type").hasSize(1).doesNotContainAnyElementsOf(original);
  }

  @Test
  void planShowsTheStateTtlTheBackendAndTheUidsAndAStatelessProductStaysOnTheHeap() throws Exception {
    ProductPlan plan = Specs.compile(SpecLoader.load("order-counts.yaml", COUNTS.replace("quality:", "stateTtl: 7d\nquality:")));
    StringWriter printed = new StringWriter();
    new PlanPrinter(new PrintWriter(printed)).print(plan, PlanCommand.flinkGraph(plan));
    assertThat(printed.toString()).containsPattern("""
        State
          ttl:       7d \\(stateTtl\\): a key's state unchanged that long is forgotten; a join partner older than that no longer matches later changes of the other side
          backend:   RocksDB on local disk, incremental checkpoints
          operators: \\(their uids stay the same across compatible spec edits; a checkpoint's state is restored into them\\)
            GroupAggregate\\(groupBy=\\[customer_id], select=\\[customer_id, COUNT\\(\\*\\) AS order_count]\\)
              uid orders.order-counts.v1/sql/GroupAggregate-[0-9a-f]{12}
        """);

    ProductPlan stateless = Specs.compile(SpecLoader.load("order-counts.yaml", COUNTS
        .replace("primaryKey: [customer_id]", "primaryKey: []")
        .replace("SELECT customer_id, COUNT(*) AS order_count", "SELECT customer_id, order_id AS order_count")
        .replace("GROUP BY customer_id", "")));
    StreamGraph graph = PlanCommand.flinkGraph(stateless);
    assertThat(graph.getJobConfiguration().getOptional(StateBackendOptions.STATE_BACKEND)).isEmpty();
    printed = new StringWriter();
    new PlanPrinter(new PrintWriter(printed)).print(stateless, graph);
    assertThat(printed.toString()).contains("State\n  none: no operator of the transform keeps state between records\n");
  }

  private static List<String> statefulUids(String spec) throws Exception {
    ProductPlan plan = Specs.compile(SpecLoader.load("order-counts.yaml", spec));
    StreamGraph graph = PlanCommand.flinkGraph(plan);
    return graph.getStreamNodes().stream()
        .filter(n -> n.getStateKeySerializer() != null && SqlOperatorUids.isSqlOperator(n.getTransformationUID()))
        .map(StreamNode::getTransformationUID)
        .sorted()
        .toList();
  }
}
