package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
import org.junit.jupiter.api.Test;

/** The commands that need no running services: validate, plan, and flag errors. */
class WeftCliTest {
  private final WeftCommandLine cli = new WeftCommandLine();

  private int weft(String... args) {
    return cli.run(args);
  }

  @Test
  void validateAcceptsTheExampleMesh() {
    assertThat(weft("validate", "../product-specs")).isZero();
    assertThat(cli.out().lines()).containsExactly(
        "ok   customers.customer-profiles 1.0.0  (../product-specs/customers/customer-profiles.yaml)",
        "ok   orders.order-events 1.0.0  (../product-specs/orders/order-events.yaml)",
        "ok   finance.daily-revenue 1.0.0  (../product-specs/finance/daily-revenue.yaml)",
        "ok   orders.orders-with-tier 1.0.0  (../product-specs/orders/orders-with-tier.yaml)",
        "ok   payments.payment-events 1.0.0  (../product-specs/payments/payment-events.yaml)");
  }

  @Test
  void validateRefusesSpecsThatBreakAPolicyAndOnlyReportsWarnings(@org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
    java.nio.file.Path policies = folder.resolve("policies.yaml");
    java.nio.file.Files.writeString(policies, """
        apiVersion: weft/v1
        kind: PolicySet
        policies:
          - { name: one-word-names, kind: naming, products: "[a-z]+" }
          - { name: sla-needs-rules, kind: rule-presence, severity: warn }
        """);
    assertThat(weft("validate", "../product-specs/orders", "--policies", policies.toString())).isEqualTo(1);
    assertThat(cli.err().lines()).containsExactly(
        "../product-specs/orders/order-events.yaml:4:3: error: policy one-word-names: product name 'order-events' does not match [a-z]+; rename the product",
        "../product-specs/orders/orders-with-tier.yaml:4:3: error: policy one-word-names: product name 'orders-with-tier' does not match [a-z]+; rename the product",
        "2 policy violation(s)");
    assertThat(cli.out()).isEmpty();

    cli.clear();
    java.nio.file.Files.writeString(policies, """
        apiVersion: weft/v1
        kind: PolicySet
        policies:
          - { name: descriptions, kind: required-metadata, require: [column-descriptions], severity: warn }
        """);
    assertThat(weft("validate", "../product-specs/payments", "--policies", policies.toString())).isZero();
    assertThat(cli.err().lines()).containsExactly(
        "../product-specs/payments/payment-events.yaml:23:7: warn: policy descriptions: column 'payment_id' has no description; add description: …",
        "../product-specs/payments/payment-events.yaml:25:7: warn: policy descriptions: column 'amount' has no description; add description: …",
        "../product-specs/payments/payment-events.yaml:26:7: warn: policy descriptions: column 'method' has no description; add description: …",
        "../product-specs/payments/payment-events.yaml:27:7: warn: policy descriptions: column 'captured_at' has no description; add description: …");
    assertThat(cli.out()).startsWith("ok   payments.payment-events 1.0.0");
  }

  @Test
  void validateListsEveryProblemAndFails() {
    assertThat(weft("validate", "src/test/resources/specs/bad/many-problems.yaml", "src/test/resources/specs/bad/type-mismatch.yaml")).isEqualTo(1);
    assertThat(cli.err().lines()).containsExactly(
        "src/test/resources/specs/bad/many-problems.yaml:6:12: 'metadata.version' must be a semantic version like 1.2.0, got \"one\"",
        "src/test/resources/specs/bad/many-problems.yaml:12:15: 'inputs[0].kafka.format' must be one of json, avro, got \"protobuf\"",
        "src/test/resources/specs/bad/many-problems.yaml:19:49: 'schema.columns[0].nullable' must be true or false, got \"maybe\"",
        "src/test/resources/specs/bad/type-mismatch.yaml:19:7: column 'order_total' is declared BOOLEAN but the transform produces DECIMAL(12, 2); CAST it in the transform or change its type",
        "4 problem(s) found");
  }

  @Test
  void validateNamesAMissingFile() {
    assertThat(weft("validate", "no/such/spec.yaml")).isEqualTo(1);
    assertThat(cli.err()).startsWith("no/such/spec.yaml: no such file or folder\n");
  }

  @Test
  void planShowsInputsSqlRulesOutputsAndTheFlinkOperators() {
    assertThat(weft("plan", "../product-specs/finance/daily-revenue.yaml", "--with", "../product-specs")).isZero();
    String plan = cli.out();
    assertThat(plan).startsWith("Product finance.daily-revenue 1.0.0  (../product-specs/finance/daily-revenue.yaml)\n\n"
        + "Stream product: runs continuously, commits on every checkpoint\n\nInputs\n"
        + "  orders: product orders.order-events@1, read from its topic orders.order-events.v1\n");
    assertThat(plan).contains("""
        Quality rules (onViolation: dead-letter; a record passes where the check is TRUE)
          non-negative-revenue  revenue >= 0
          not-null:order_day    `order_day` IS NOT NULL   (from nullable: false)
          not-null:currency     `currency` IS NOT NULL   (from nullable: false)
        """);
    assertThat(plan).contains("  topic:        finance.daily-revenue.v1 (1 partition(s), keyed by [order_day, currency], compacted, json, exactly-once)\n"
        + "  dead letters: finance.daily-revenue.v1.dlq\n"
        + "  table:        finance.daily_revenue_v1 (Iceberg v2, upsert on [order_day, currency], partitioned by [order_day], committed on checkpoints)\n");
    assertThat(plan).contains("  origin of each record: not traceable through this transform (one output row is not one input record)");
    assertThat(plan).contains("Flink execution plan\n  [").contains("] Source: input orders (orders.order-events.v1)  (parallelism 1) -> ");
    assertThat(plan).contains("iceberg committer finance.daily_revenue_v1");
    assertThat(plan).containsPattern("""
        State
          ttl:       none: kept for ever \\(set stateTtl to bound it\\)
          backend:   RocksDB on local disk, incremental checkpoints
          operators: \\(their uids stay the same across compatible spec edits; a checkpoint's state is restored into them\\)
            GroupAggregate\\(groupBy=\\[order_day, currency], select=\\[order_day, currency, COUNT\\(\\*\\) AS orders, SUM\\(order_total\\) AS revenue]\\)
              uid finance.daily-revenue.v1/sql/GroupAggregate-[0-9a-f]{12}
        """);
  }

  @Test
  void planOfABatchProductReadsItsUpstreamTableWithoutReachingAnyCatalog() {
    assertThat(weft("plan", "src/test/resources/specs/it/daily-order-totals-windowed.yaml",
        "--with", "src/test/resources/specs/it/order-events.yaml")).as(cli.err()).isZero();
    String plan = cli.out();
    assertThat(plan).contains("Batch product: runs at cron 0 0 0 * * ?, reads its inputs whole (products from their tables, "
        + "topics from the earliest offset, CDC tables as a snapshot), replaces the table partitions it writes\n");
    assertThat(plan).contains("  orders: product orders.order-events@1, read from its table orders.order_events_v1\n");
    assertThat(plan).contains("  WHERE placed_at >= ${window.start} AND placed_at < ${window.end}\n");
    assertThat(plan).contains("] Source: input orders (table orders.order_events_v1)  (parallelism 1) -> ");
  }

  @Test
  void planOfAnEncryptProductNamesItsKeysSecretAndNeedsNoKey() {
    assertThat(weft("plan", "src/test/resources/specs/it/pii-orders-encrypted.yaml")).as(cli.err()).isZero();
    String plan = cli.out();
    assertThat(plan).contains("    email      STRING  (pii, published as encrypt with the key in secret pii-test-key)  <- orders.email\n");
    assertThat(plan).contains("  weft_encrypt(`email`, 'pii-test-key') AS `email`,\n");
  }

  @Test
  void runRefusesAProductWhoseKeyIsNotSetBeforeAnyServiceStarts(@org.junit.jupiter.api.io.TempDir java.nio.file.Path secrets) {
    assertThat(weft("run", "src/test/resources/specs/it/pii-orders-encrypted.yaml", "--secrets-dir", secrets.toString())).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("product orders.pii-orders-encrypted is not started: secret pii-test-key is not set "
        + "(set WEFT_SECRET_PII_TEST_KEY or put it in " + secrets.resolve("pii-test-key") + "); it holds the key that email, full_name are encrypted with\n");
    assertThat(cli.out()).as("no embedded stack was started").doesNotContain("embedded stack");
  }

  @Test
  void planOfAnUnknownUpstreamSaysWhatIsMissing() {
    assertThat(weft("plan", "../product-specs/finance/daily-revenue.yaml")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("../product-specs/finance/daily-revenue.yaml:11:5: input 'orders': product orders.order-events@1 is not known;"
        + " give its spec too (e.g. weft validate its-spec.yaml this-spec.yaml) or run it first\n");
  }

  @Test
  void badFlagsAreRefusedBeforeAnythingStarts() {
    assertThat(weft("run", "../product-specs", "--checkpoint-interval", "5 seconds")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--checkpoint-interval': '5 seconds' is not a duration like 500ms, 2s, 5m, 1h or 7d");
    cli.clear();
    assertThat(weft("run", "../product-specs", "--parallelism", "0")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--parallelism': '0' is not a whole number of at least 1");
    cli.clear();
    assertThat(weft("dev", "--cdc-snapshot-chunk-rows", "many")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--cdc-snapshot-chunk-rows': 'many' is not a whole number of at least 1");
    cli.clear();
    assertThat(weft("run", "../product-specs", "--kafka", "localhost:9092")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("--kafka and --catalog-uri go together: give both to use your own services, or neither for the embedded ones\n");
  }
}
