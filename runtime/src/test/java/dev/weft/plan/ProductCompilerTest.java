package dev.weft.plan;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.spec.OnViolation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The plans of the example specs, as `weft plan` shows them. */
class ProductCompilerTest {
  private static List<ProductPlan> plans;

  @BeforeAll
  static void compileExamples() throws Exception {
    plans = ProductSet.compile(List.of(Path.of("../product-specs"))).plans();
  }

  private static ProductPlan plan(String product) {
    return plans.stream().filter(p -> p.product().equals(product)).findFirst().orElseThrow();
  }

  @Test
  void ordersUpstreamProductsBeforeTheProductsThatReadThem() {
    List<String> order = plans.stream().map(ProductPlan::product).toList();
    assertThat(order.indexOf("orders.order-events")).isLessThan(order.indexOf("finance.daily-revenue"));
  }

  @Test
  void derivesTopicTableAndDeadLetterNames() {
    ProductNames names = plan("orders.order-events").names();
    assertThat(names.topic()).isEqualTo("orders.order-events.v1");
    assertThat(names.deadLetterTopic()).isEqualTo("orders.order-events.v1.dlq");
    assertThat(names.qualifiedTable()).isEqualTo("orders.order_events_v1");
    assertThat(names.consumerGroup()).isEqualTo("weft.orders.order-events.v1");
  }

  @Test
  void compilesTheTransformRulesAndOriginIntoOneQuery() {
    ProductPlan plan = plan("orders.order-events");
    assertThat(plan.originTraceable()).isTrue();
    assertThat(plan.rules()).extracting(RulePlan::name)
        .containsExactly("positive-total", "known-currency", "has-customer", "not-null:order_id");
    assertThat(plan.onViolation()).isEqualTo(OnViolation.DEAD_LETTER);
    assertThat(plan.jobSql()).isEqualTo("""
        SELECT
          `order_id`,
          `customer_id`,
          `order_total`,
          `currency`,
          `channel`,
          `placed_at`,
          `_weft_origin`,
          (order_total > 0) IS TRUE AS `_weft_rule_0`,
          (currency IN ('EUR', 'USD', 'GBP')) IS TRUE AS `_weft_rule_1`,
          (customer_id IS NOT NULL) IS TRUE AS `_weft_rule_2`,
          (`order_id` IS NOT NULL) IS TRUE AS `_weft_rule_3`
        FROM (
        SELECT order_id, customer_id, total AS order_total, UPPER(currency) AS currency,
               channel, created_at AS placed_at, `orders`.`_weft_origin`
        FROM orders
        ) AS `_weft_output`""");
    assertThat(plan.topic()).isEqualTo(new ProductPlan.TopicPlan(3, Duration.ofDays(7), false));
    assertThat(plan.partitionBy()).containsExactly(new PartitionFieldPlan("day", "placed_at", java.util.OptionalInt.empty()));
  }

  @Test
  void tracesEachColumnToTheInputColumnsItIsComputedFrom() {
    assertThat(lineage("orders.order-events")).containsExactly(
        entry("order_id", List.of(new SourceColumn("orders", "order_id", false))),
        entry("customer_id", List.of(new SourceColumn("orders", "customer_id", false))),
        entry("order_total", List.of(new SourceColumn("orders", "total", false))),
        entry("currency", List.of(new SourceColumn("orders", "currency", true))),
        entry("channel", List.of(new SourceColumn("orders", "channel", false))),
        entry("placed_at", List.of(new SourceColumn("orders", "created_at", false))));
    assertThat(lineage("orders.orders-with-tier")).containsExactly(
        entry("order_id", List.of(new SourceColumn("orders", "order_id", false))),
        entry("customer_id", List.of(new SourceColumn("orders", "customer_id", false))),
        entry("order_total", List.of(new SourceColumn("orders", "order_total", false))),
        entry("currency", List.of(new SourceColumn("orders", "currency", false))),
        // the outer side of a LEFT JOIN: NULL where no customer matches, so not copied as it is
        entry("customer_tier", List.of(new SourceColumn("customers", "tier", true))),
        entry("placed_at", List.of(new SourceColumn("orders", "placed_at", false))));
    assertThat(lineage("finance.daily-revenue")).containsExactly(
        entry("order_day", List.of(new SourceColumn("orders", "placed_at", true))),
        entry("currency", List.of(new SourceColumn("orders", "currency", false))),
        entry("orders", List.of()),
        entry("revenue", List.of(new SourceColumn("orders", "order_total", true))));
  }

  private static List<Map.Entry<String, List<SourceColumn>>> lineage(String product) {
    return plan(product).columns().stream().map(c -> entry(c.name(), c.sources())).toList();
  }

  @Test
  void anAggregatingProductIsAnUpsertProductWithoutRecordOrigins() {
    ProductPlan plan = plan("finance.daily-revenue");
    assertThat(plan.upsert()).isTrue();
    assertThat(plan.primaryKey()).containsExactly("order_day", "currency");
    assertThat(plan.originTraceable()).isFalse();
    assertThat(plan.jobSql()).contains("CAST(NULL AS ROW<`topic` STRING, `partition` INT, `offset` BIGINT, `raw` STRING>) AS `_weft_origin`");
    assertThat(plan.inputs().get(0).topic()).isEqualTo("orders.order-events.v1");
    assertThat(plan.inputs().get(0)).isInstanceOfSatisfying(InputPlan.Upstream.class,
        upstream -> assertThat(upstream.product()).isEqualTo("orders.order-events@1"));
    assertThat(plan.topic().compacted()).isTrue();
  }

  @Test
  void castsWhereTheTransformProducesANarrowerType() throws Exception {
    var spec = dev.weft.spec.SpecLoader.load("cast.yaml", """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: counts, domain: web, version: 1.0.0, owner: web@acme.example }
        inputs:
          - name: clicks
            kafka: { topic: web.clicks, columns: [ { name: n, type: INT } ] }
        schema:
          columns: [ { name: n, type: BIGINT } ]
        """);
    ProductPlan plan = new ProductCompiler(ref -> java.util.Optional.empty()).compile(spec);
    assertThat(plan.jobSql()).startsWith("SELECT\n  CAST(`n` AS BIGINT) AS `n`,\n  `_weft_origin`\nFROM (\nSELECT * FROM `clicks`\n)");
  }

  private static final String ENCRYPTED = """
      apiVersion: weft/v1
      kind: DataProduct
      metadata: { name: signups, domain: web, version: 1.0.0, owner: web@acme.example }
      inputs:
        - name: signups
          kafka: { topic: web.signups, columns: [ { name: email, type: STRING }, { name: name, type: STRING } ] }
      schema:
        columns:
          - { name: email, type: STRING, pii: true, mask: encrypt, key: "${secret:web-pii-key}" }
          - { name: name, type: STRING, pii: true, mask: encrypt, key: "${secret:web-pii-key}" }
      transform: TRANSFORM
      quality:
        rules: [ { name: real-email, check: "email LIKE '%@%'" } ]
      """;

  @Test
  void encryptsWithAFunctionThatIsGivenTheNameOfTheKeysSecretOnly() throws Exception {
    var spec = dev.weft.spec.SpecLoader.load("encrypted.yaml", ENCRYPTED.replace("TRANSFORM", "SELECT email, name FROM signups"));
    ProductPlan plan = new ProductCompiler(ref -> java.util.Optional.empty()).compile(spec);
    assertThat(plan.jobSql()).isEqualTo("""
        SELECT
          weft_encrypt(`email`, 'web-pii-key') AS `email`,
          weft_encrypt(`name`, 'web-pii-key') AS `name`,
          `_weft_origin`,
          (email LIKE '%@%') IS TRUE AS `_weft_rule_0`
        FROM (
        SELECT email, name, `signups`.`_weft_origin` FROM signups
        ) AS `_weft_output`""");
    assertThat(plan.encryptionSecrets()).containsExactly("web-pii-key");
  }

  @Test
  void aTransformCannotCallTheEncryptMaskItself() throws Exception {
    var spec = dev.weft.spec.SpecLoader.load("encrypted.yaml",
        ENCRYPTED.replace("TRANSFORM", "SELECT weft_encrypt(email, 'other-key') AS email, name FROM signups"));
    assertThatThrownBy(() -> new ProductCompiler(ref -> java.util.Optional.empty()).compile(spec))
        .isInstanceOf(dev.weft.spec.InvalidSpecException.class)
        .hasMessage("encrypted.yaml:11:19: transform: No match found for function signature weft_encrypt(<CHARACTER>, <CHARACTER>)");
  }
}
