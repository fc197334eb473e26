package dev.weft.translate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.ProductJobSettings;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;

/**
 * The operator uids of the example products, to the byte: checkpoints and savepoints find their
 * state by them, so a change here breaks every restore of a running product. Change this list only
 * together with a way for existing products to keep their state. (The list is what Weft 7611a98,
 * before the compile/ split, gave these specs.)
 *
 * <p>Changed once since, for the two products with a changelog input (issue 16: its rows enter SQL
 * as internal rows): their {@code changelog-<input>} map is gone and the SQL's
 * {@code anonymous-datastream-source} took a new uid. Both are stateless (a map, and the pass-through
 * that hands the input to the SQL plan), and Flink restores a checkpoint or savepoint that names an
 * operator the job no longer has as long as that operator holds no state ("Skipping empty savepoint
 * state for operator"), so running products keep every state they have.
 *
 * <p>And once more for customer-profiles, a CDC table projected and filtered (issue 16): its upsert
 * changelog step keeps no rows in state now ({@code one-row-per-key-changelog} instead of
 * {@code upsert-changelog/…}). The old step's state is one of those a restore may drop
 * ({@code CheckpointCompatibility}: the step may start empty), so running products restore too.
 * In the same change every upsert product's SQL result became internal rows at the SQL's own output
 * ({@code ChangelogRows}): the stateless {@code to-internal-rows} map is gone and the SQL's output
 * conversion ({@code TableToDataSteam}, stateless) took a new uid.
 */
class OperatorUidsTest {
  private static final List<String> PINNED = List.of(
      "Sink Committer: customers.customer-profiles.v1/dead-letters",
      "Sink Committer: customers.customer-profiles.v1/topic",
      "customers.customer-profiles.v1/committed",
      "customers.customer-profiles.v1/dead-letters",
      "customers.customer-profiles.v1/iceberg-committer",
      "customers.customer-profiles.v1/iceberg-writer",
      "customers.customer-profiles.v1/input/customers",
      "customers.customer-profiles.v1/input/customers/positions",
      "customers.customer-profiles.v1/one-row-per-key-changelog",
      "customers.customer-profiles.v1/quality-rules",
      "customers.customer-profiles.v1/sql/Calc-29e091a32234",
      "customers.customer-profiles.v1/sql/ConstraintEnforcer-6bd5100f7082",
      "customers.customer-profiles.v1/sql/TableToDataSteam-0464cdcdd3d3",
      "customers.customer-profiles.v1/sql/anonymous-datastream-source-1fd738a8a68b",
      "customers.customer-profiles.v1/topic",
      "Sink Committer: orders.order-events.v1/dead-letters",
      "Sink Committer: orders.order-events.v1/topic",
      "orders.order-events.v1/committed",
      "orders.order-events.v1/dead-letters",
      "orders.order-events.v1/iceberg-committer",
      "orders.order-events.v1/iceberg-writer",
      "orders.order-events.v1/input/orders",
      "orders.order-events.v1/input/orders/positions",
      "orders.order-events.v1/parse/orders",
      "orders.order-events.v1/quality-rules",
      "orders.order-events.v1/sql/Calc-a142a5a5162d",
      "orders.order-events.v1/sql/ConstraintEnforcer-ad101337a631",
      "orders.order-events.v1/sql/TableToDataSteam-d9f658fe01b4",
      "orders.order-events.v1/sql/WatermarkAssigner-8cb67ae6fd37",
      "orders.order-events.v1/sql/anonymous-datastream-source-9b718cd041ac",
      "orders.order-events.v1/topic",
      "Sink Committer: finance.daily-revenue.v1/dead-letters",
      "Sink Committer: finance.daily-revenue.v1/topic",
      "finance.daily-revenue.v1/committed",
      "finance.daily-revenue.v1/dead-letters",
      "finance.daily-revenue.v1/iceberg-committer",
      "finance.daily-revenue.v1/iceberg-writer",
      "finance.daily-revenue.v1/input/orders",
      "finance.daily-revenue.v1/input/orders/positions",
      "finance.daily-revenue.v1/parse/orders",
      "finance.daily-revenue.v1/quality-rules",
      "finance.daily-revenue.v1/sql/Calc-039e0c2da339",
      "finance.daily-revenue.v1/sql/Calc-c1c2d118ae32",
      "finance.daily-revenue.v1/sql/ConstraintEnforcer-8d9d92cba63b",
      "finance.daily-revenue.v1/sql/GroupAggregate-efe15dd09693",
      "finance.daily-revenue.v1/sql/TableToDataSteam-8695290d59ef",
      "finance.daily-revenue.v1/sql/anonymous-datastream-source-9fc65bc17196",
      "finance.daily-revenue.v1/topic",
      "finance.daily-revenue.v1/upsert-changelog/550769cb",
      "Sink Committer: orders.orders-with-tier.v1/dead-letters",
      "Sink Committer: orders.orders-with-tier.v1/topic",
      "orders.orders-with-tier.v1/committed",
      "orders.orders-with-tier.v1/dead-letters",
      "orders.orders-with-tier.v1/iceberg-committer",
      "orders.orders-with-tier.v1/iceberg-writer",
      "orders.orders-with-tier.v1/input/customers",
      "orders.orders-with-tier.v1/input/customers/positions",
      "orders.orders-with-tier.v1/input/orders",
      "orders.orders-with-tier.v1/input/orders/positions",
      "orders.orders-with-tier.v1/parse/orders",
      "orders.orders-with-tier.v1/quality-rules",
      "orders.orders-with-tier.v1/sql/Calc-a159762dbad7",
      "orders.orders-with-tier.v1/sql/Calc-aa8f9e91db2f",
      "orders.orders-with-tier.v1/sql/Calc-b0701e60420a",
      "orders.orders-with-tier.v1/sql/ConstraintEnforcer-feb97470b088",
      "orders.orders-with-tier.v1/sql/Join-dbda866a41cf",
      "orders.orders-with-tier.v1/sql/TableToDataSteam-ac643451975e",
      "orders.orders-with-tier.v1/sql/anonymous-datastream-source-9fc65bc17196",
      "orders.orders-with-tier.v1/sql/anonymous-datastream-source-d9a8684ff3e6",
      "orders.orders-with-tier.v1/topic",
      "orders.orders-with-tier.v1/upsert-changelog/65939e32",
      "Sink Committer: payments.payment-events.v1/dead-letters",
      "Sink Committer: payments.payment-events.v1/topic",
      "payments.payment-events.v1/committed",
      "payments.payment-events.v1/dead-letters",
      "payments.payment-events.v1/iceberg-committer",
      "payments.payment-events.v1/iceberg-writer",
      "payments.payment-events.v1/input/payments",
      "payments.payment-events.v1/input/payments/positions",
      "payments.payment-events.v1/parse/payments",
      "payments.payment-events.v1/quality-rules",
      "payments.payment-events.v1/sql/Calc-b12430259b9c",
      "payments.payment-events.v1/sql/ConstraintEnforcer-b5b906124b5f",
      "payments.payment-events.v1/sql/TableToDataSteam-4a1af861720d",
      "payments.payment-events.v1/sql/anonymous-datastream-source-1c489e6c1c18",
      "payments.payment-events.v1/topic");

  @Test
  void theExampleProductsKeepTheUidsOfTheirOperators() throws Exception {
    List<String> uids = new ArrayList<>();
    for (ProductPlan plan : ProductSet.compile(List.of(Path.of("../product-specs"))).plans()) {
      JobSettings settings = ProductJobSettings.placeholders(plan);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(settings.parallelism());
      FlinkJobBuilder.build(env, plan, settings);
      env.getStreamGraph(false).getStreamNodes().stream()
          .map(StreamNode::getTransformationUID).filter(Objects::nonNull).sorted().forEach(uids::add);
    }
    assertThat(uids).containsExactlyElementsOf(PINNED);
  }
}
