package dev.weft.spec;

import dev.weft.catalog.product.SemanticVersion;
import dev.weft.catalog.product.ProductRef;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecLoaderTest {

  @Test
  void loadsEveryFieldOfTheExampleOrderEventsSpec() throws Exception {
    ProductSpec spec = SpecLoader.load(Path.of("../product-specs/orders/order-events.yaml"));

    assertThat(spec.metadata()).isEqualTo(new Metadata("order-events", "orders", new SemanticVersion(1, 0, 0, ""),
        "orders-team@acme.example", "Every order placed in the web shop, with its total and currency checked.", List.of("sales", "orders")));
    assertThat(spec.inputs()).hasSize(1);
    KafkaInput orders = (KafkaInput) spec.inputs().get(0);
    assertThat(orders.name()).isEqualTo("orders");
    assertThat(orders.topic()).isEqualTo("shop.orders");
    assertThat(orders.startingOffsets()).isEqualTo(KafkaInput.StartingOffsets.EARLIEST);
    assertThat(orders.watermark().orElseThrow().column()).isEqualTo("created_at");
    assertThat(orders.watermark().orElseThrow().delay()).isEqualTo(Duration.ofSeconds(5));
    assertThat(orders.columns()).extracting(ColumnSpec::name)
        .containsExactly("order_id", "customer_id", "total", "currency", "channel", "created_at");
    assertThat(spec.schema().primaryKey()).isEmpty();
    ColumnSpec orderId = spec.schema().columns().get(0);
    assertThat(orderId).isEqualTo(new ColumnSpec("order_id", "BIGINT", false, "Order id", false, Optional.empty(),
        new Position("../product-specs/orders/order-events.yaml", 26, 7)));
    assertThat(spec.quality().rules()).extracting(QualityRule::name).containsExactly("positive-total", "known-currency", "has-customer");
    assertThat(spec.quality().onViolation()).isEqualTo(OnViolation.DEAD_LETTER);
    assertThat(spec.quality().minValidRatio()).isEqualTo(0.95);
    assertThat(spec.outputs().topic()).isEqualTo(new TopicOutput(Optional.empty(), 3, Duration.ofDays(7), WireFormat.JSON));
    assertThat(spec.outputs().table().partitionBy()).extracting(TableOutput.PartitionField::expression).containsExactly("days(placed_at)");
    assertThat(spec.outputs().table().compactEvery()).contains(Duration.ofHours(1));
    assertThat(spec.sla()).contains(new SlaSpec(Optional.of(Duration.ofSeconds(60)), Optional.of(99.9)));
    assertThat(spec.access().readers()).containsExactly("finance", "marketing");
    assertThat(spec.cost()).contains(new CostSpec("CC-1234"));
    assertThat(spec.schedule().mode()).isEqualTo(ScheduleSpec.Mode.STREAM);
  }

  @Test
  void aBlockTransformMapsSqlPositionsIntoTheFile() throws Exception {
    ProductSpec spec = SpecLoader.load(Path.of("../product-specs/orders/order-events.yaml"));
    SqlText transform = spec.transform().orElseThrow();
    assertThat(transform.sql()).startsWith("SELECT order_id, customer_id");
    assertThat(transform.start()).isEqualTo(new Position("../product-specs/orders/order-events.yaml", 33, 3));
    assertThat(transform.positionOf(2, 10)).isEqualTo(new Position("../product-specs/orders/order-events.yaml", 34, 12));
    SqlText check = spec.quality().rules().get(0).check();
    assertThat(check.start()).isEqualTo(new Position("../product-specs/orders/order-events.yaml", 38, 39));
  }

  @Test
  void fillsDefaultsForOptionalSections() throws Exception {
    ProductSpec spec = SpecLoader.load("minimal.yaml", """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: clicks, domain: web, version: 0.1.0, owner: web@acme.example }
        inputs:
          - name: clicks
            kafka: { topic: web.clicks, columns: [ { name: url, type: STRING } ] }
        schema:
          primaryKey: [url]
          columns: [ { name: url, type: STRING } ]
        """);
    assertThat(spec.transform()).isEmpty();
    assertThat(spec.quality()).isEqualTo(QualitySpec.none());
    assertThat(spec.outputs()).isEqualTo(OutputsSpec.defaults());
    assertThat(spec.metadata().tags()).isEmpty();
    assertThat(spec.schema().columns().get(0).nullable()).as("primary key columns are NOT NULL").isFalse();
    assertThat(spec.access().readers()).isEmpty();
  }

  @Test
  void anEncryptMaskKeepsTheNameOfTheSecretThatHoldsItsKey() throws Exception {
    ProductSpec spec = SpecLoader.load("encrypted.yaml", """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: clicks, domain: web, version: 0.1.0, owner: web@acme.example }
        inputs:
          - name: clicks
            kafka: { topic: web.clicks, columns: [ { name: email, type: STRING } ] }
        schema:
          columns: [ { name: email, type: STRING, pii: true, mask: encrypt, key: "${secret:web-pii-key}" } ]
        """);
    assertThat(spec.schema().columns()).containsExactly(new ColumnSpec("email", "STRING", true, "", true, Optional.of("encrypt"),
        Optional.of("web-pii-key"), new Position("encrypted.yaml", 8, 14)));
  }

  @Test
  void reportsEveryProblemOfAFileAtOnceInFileOrder() {
    assertThatThrownBy(() -> SpecLoader.load("two.yaml", """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: clicks, domain: web, version: 0.1.0 }
        inputs: []
        schema: { columns: [ { name: URL, type: STRING } ] }
        """))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage("""
            two.yaml:3:11: missing required field 'metadata.owner'
            two.yaml:4:9: 'inputs' must have at least one input
            two.yaml:5:30: 'schema.columns[0].name' must be a lower-case SQL identifier ([a-z_][a-z0-9_]*), got "URL\"""");
  }

  @Test
  void neverThrowsAnythingButAPositionedProblemOnGarbage() {
    for (String garbage : List.of("{{{{", "a: [1, 2", "\t- x", "apiVersion: [", "- - - -", ": :", "&a [*a, *a]", "\"unterminated")) {
      assertThatThrownBy(() -> SpecLoader.load("garbage.yaml", garbage))
          .isInstanceOf(InvalidSpecException.class)
          .hasMessageStartingWith("garbage.yaml:");
    }
  }

  /** The DESIGN.md example, with columns for its Kafka input and every optional section set to a non-default. */
  private static final String DESIGN_EXAMPLE = """
      apiVersion: weft/v1
      kind: DataProduct
      metadata:
        name: order-events
        domain: orders
        version: 1.2.0
        owner: orders-team@acme.example
        description: Every order placed, enriched with the customer's tier.
        tags: [sales]
      inputs:
        - name: orders
          cdc: { connector: postgres, url: "${env:SHOP_DB_URL}", table: public.orders,
                 username: "${env:SHOP_DB_USER}", password: "${secret:shop-db-password}", primaryKey: [order_id], columns: [ { name: order_id, type: BIGINT } ] }
        - name: clicks
          kafka: { topic: web.clicks, format: json, startingOffsets: latest,
                   watermark: { column: ts, delay: 5s },
                   columns: [ { name: url, type: STRING }, { name: ts, type: "TIMESTAMP_LTZ(3)", nullable: false } ] }
        - name: customers
          product: customers.customer-profiles@1
      schema:
        primaryKey: [order_id]
        columns:
          - { name: order_id, type: BIGINT, description: Order id }
          - { name: customer_email, type: STRING, pii: true, mask: sha256 }
          - { name: order_total, type: "DECIMAL(12,2)" }
          - { name: customer_tier, type: STRING }
          - { name: placed_at, type: "TIMESTAMP_LTZ(3)" }
      transform: |
        SELECT o.order_id, c.email AS customer_email, o.total AS order_total,
               c.tier AS customer_tier, o.created_at AS placed_at
        FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
      quality:
        rules:
          - { name: positive-total, check: "order_total > 0" }
          - name: known-customer
            check: customer_tier IS NOT NULL
        onViolation: drop
        minValidRatio: 0.99
      outputs:
        topic: { name: orders.order-events.v1, partitions: 6, retention: 3d, format: json }
        table: { partitionBy: ["days(placed_at)"], compactEvery: 1h, keepSnapshots: 7d }
      sla: { freshness: 60s, availability: 99.9% }
      access: { readers: [marketing, finance] }
      schedule: { mode: batch, cron: "0 0 3 * * ?" }
      cost: { center: CC-1234 }
      """;

  @Test
  void loadsTheDesignExampleIntoExactlyThisModel() throws Exception {
    ProductSpec spec = SpecLoader.load("order-events.yaml", DESIGN_EXAMPLE);

    assertThat(spec).isEqualTo(new ProductSpec(
        "order-events.yaml",
        new Metadata("order-events", "orders", new SemanticVersion(1, 2, 0, ""), "orders-team@acme.example",
            "Every order placed, enriched with the customer's tier.", List.of("sales")),
        List.of(
            new CdcInput("orders", "postgres", "${env:SHOP_DB_URL}", "public.orders", "${env:SHOP_DB_USER}",
                "${secret:shop-db-password}", List.of("order_id"),
                List.of(new ColumnSpec("order_id", "BIGINT", false, "", false, Optional.empty(), at(13, 120))), at(11, 5)),
            new KafkaInput("clicks", "web.clicks", WireFormat.JSON, KafkaInput.StartingOffsets.LATEST,
                Optional.of(new WatermarkSpec("ts", Duration.ofSeconds(5), at(16, 25))),
                List.of(
                    new ColumnSpec("url", "STRING", true, "", false, Optional.empty(), at(17, 25)),
                    new ColumnSpec("ts", "TIMESTAMP_LTZ(3)", false, "", false, Optional.empty(), at(17, 54))),
                at(14, 5)),
            new ProductInput("customers", new ProductRef("customers", "customer-profiles", 1), at(18, 5))),
        new SchemaSpec(List.of("order_id"), at(21, 15), List.of(
            new ColumnSpec("order_id", "BIGINT", false, "Order id", false, Optional.empty(), at(23, 7)),
            new ColumnSpec("customer_email", "STRING", true, "", true, Optional.of("sha256"), at(24, 7)),
            new ColumnSpec("order_total", "DECIMAL(12,2)", true, "", false, Optional.empty(), at(25, 7)),
            new ColumnSpec("customer_tier", "STRING", true, "", false, Optional.empty(), at(26, 7)),
            new ColumnSpec("placed_at", "TIMESTAMP_LTZ(3)", true, "", false, Optional.empty(), at(27, 7))),
            dev.weft.catalog.schema.CompatibilityMode.BACKWARD, at(21, 3)),
        Optional.of(new SqlText("""
            SELECT o.order_id, c.email AS customer_email, o.total AS order_total,
                   c.tier AS customer_tier, o.created_at AS placed_at
            FROM orders o LEFT JOIN customers c ON o.customer_id = c.customer_id
            """, at(29, 3), 3)),
        Optional.empty(),
        new QualitySpec(List.of(
            new QualityRule("positive-total", new SqlText("order_total > 0", at(34, 39), 38), at(34, 7)),
            new QualityRule("known-customer", new SqlText("customer_tier IS NOT NULL", at(36, 14), 14), at(35, 7))),
            OnViolation.DROP, 0.99),
        new OutputsSpec(
            new TopicOutput(Optional.of("orders.order-events.v1"), 6, Duration.ofDays(3), WireFormat.JSON),
            new TableOutput(Optional.empty(), List.of(new TableOutput.PartitionField("days(placed_at)", at(41, 26))),
                Optional.of(Duration.ofHours(1)), Optional.of(Duration.ofDays(7)))),
        Optional.of(new SlaSpec(Optional.of(Duration.ofSeconds(60)), Optional.of(99.9))),
        new AccessSpec(List.of("marketing", "finance")),
        new ScheduleSpec(ScheduleSpec.Mode.BATCH, Optional.of("0 0 3 * * ?"), at(44, 11)),
        Optional.of(new CostSpec("CC-1234"))));
  }

  @Test
  void sqlPositionsPointAtTheCharacterInTheFile() throws Exception {
    ProductSpec spec = SpecLoader.load("order-events.yaml", DESIGN_EXAMPLE);
    List<String> lines = DESIGN_EXAMPLE.lines().toList();

    SqlText transform = spec.transform().orElseThrow();
    assertThat(transform.positionOf(2, 5)).isEqualTo(at(30, 7));
    assertThat(charAt(lines, transform.positionOf(2, 8))).as("c of c.tier").isEqualTo('c');
    assertThat(charAt(lines, transform.positionOf(3, 6))).as("o of orders").isEqualTo('o');
    SqlText quoted = spec.quality().rules().get(0).check();
    assertThat(charAt(lines, quoted.positionOf(1, 13))).as("> of order_total > 0").isEqualTo('>');
    SqlText plain = spec.quality().rules().get(1).check();
    assertThat(charAt(lines, plain.positionOf(1, 15))).as("I of IS NOT NULL").isEqualTo('I');
  }

  @Test
  void aSingleQuotedCheckStartsAfterItsQuote() throws Exception {
    String text = DESIGN_EXAMPLE.replace("check: \"order_total > 0\"", "check: 'order_total > 0'");
    SqlText check = SpecLoader.load("order-events.yaml", text).quality().rules().get(0).check();
    assertThat(check).isEqualTo(new SqlText("order_total > 0", at(34, 39), 38));
  }

  @Test
  void fillsTheDefaultsOfSectionsThatAreOnlyPartlyGiven() throws Exception {
    String text = DESIGN_EXAMPLE
        .replace("  onViolation: drop\n  minValidRatio: 0.99\n", "")
        .replace("  topic: { name: orders.order-events.v1, partitions: 6, retention: 3d, format: json }\n", "")
        .replace("startingOffsets: latest,", "")
        .replace("sla: { freshness: 60s, availability: 99.9% }", "sla: { freshness: 60s }")
        .replace("schedule: { mode: batch, cron: \"0 0 3 * * ?\" }", "schedule: {}");
    ProductSpec spec = SpecLoader.load("order-events.yaml", text);

    assertThat(spec.quality().onViolation()).isEqualTo(OnViolation.DEAD_LETTER);
    assertThat(spec.quality().minValidRatio()).isEqualTo(QualitySpec.DEFAULT_MIN_VALID_RATIO);
    assertThat(spec.outputs().topic()).isEqualTo(TopicOutput.defaults());
    assertThat(((KafkaInput) spec.inputs().get(1)).startingOffsets()).isEqualTo(KafkaInput.StartingOffsets.EARLIEST);
    assertThat(spec.sla()).contains(new SlaSpec(Optional.of(Duration.ofSeconds(60)), Optional.empty()));
    assertThat(spec.schedule().mode()).isEqualTo(ScheduleSpec.Mode.STREAM);
    assertThat(spec.schedule().cron()).isEmpty();
  }

  @Test
  void quotesWhatTheUserWroteOnOneLineAndCutShort() {
    assertThatThrownBy(() -> SpecLoader.load("long.yaml", DESIGN_EXAMPLE
        .replace("domain: orders", "domain: \"Orders\\nand " + "x".repeat(80) + "\"")))
        .hasMessage("long.yaml:5:11: 'metadata.domain' must be kebab-case ([a-z][a-z0-9]*(-[a-z0-9]+)*), got \"Orders\\nand "
            + "x".repeat(48) + "...\"");
  }

  @Test
  void suggestsTheNearestKnownKeyButNotForKeysTooShortToGuessAndDoesNotAlsoReportItMissing() {
    assertThatThrownBy(() -> SpecLoader.load("keys.yaml", DESIGN_EXAMPLE
        .replace("kafka: { topic:", "kafka: { topc:")
        .replace("  tags: [sales]", "  tags: [sales]\n  x: 1")))
        .hasMessage("""
            keys.yaml:10:3: unknown key 'x' in metadata; expected one of: name, domain, version, owner, description, tags
            keys.yaml:16:14: unknown key 'topc' in inputs[1].kafka; expected one of: topic, format, startingOffsets, watermark, columns (did you mean 'topic'?)""");
  }

  @Test
  void refusesNumbersJavaWouldAcceptButYamlWouldNot() {
    assertThatThrownBy(() -> SpecLoader.load("numbers.yaml", DESIGN_EXAMPLE
        .replace("minValidRatio: 0.99", "minValidRatio: 1d")
        .replace("partitions: 6", "partitions: 99999999999")
        .replace("version: 1.2.0", "version: 99999999999.0.0")
        .replace("delay: 5s", "delay: 999999999999999999d")))
        .hasMessage("""
            numbers.yaml:6:12: 'metadata.version' must be a semantic version like 1.2.0, got "99999999999.0.0"
            numbers.yaml:16:46: 'inputs[1].kafka.watermark.delay' must be a duration like 5s, 10m, 1h or 7d, got "999999999999999999d"
            numbers.yaml:38:18: 'quality.minValidRatio' must be a number, got "1d"
            numbers.yaml:40:54: 'outputs.topic.partitions' must be an integer, got "99999999999\"""");
  }

  @Test
  void readsStateTtlAsADurationAndRefusesWhatIsNotAPositiveOneOrNotAStreamProduct() throws Exception {
    String stream = DESIGN_EXAMPLE.replace("schedule: { mode: batch, cron: \"0 0 3 * * ?\" }\n", "");
    String withTtl = stream.replace("quality:\n", "stateTtl: 7d\nquality:\n");
    assertThat(SpecLoader.load("order-events.yaml", withTtl).stateTtl()).contains(Duration.ofDays(7));
    assertThat(SpecLoader.load("order-events.yaml", withTtl.replace("stateTtl: 7d", "stateTtl: 36h")).stateTtl())
        .contains(Duration.ofHours(36));
    assertThat(SpecLoader.load("order-events.yaml", stream).stateTtl()).isEmpty();

    assertThatThrownBy(() -> SpecLoader.load("order-events.yaml", withTtl.replace("stateTtl: 7d", "stateTtl: a week")))
        .hasMessage("order-events.yaml:32:11: 'stateTtl' must be a duration like 5s, 10m, 1h or 7d, got \"a week\"");
    assertThatThrownBy(() -> SpecLoader.load("order-events.yaml", withTtl.replace("stateTtl: 7d", "stateTtl: 0d")))
        .hasMessage("order-events.yaml:32:11: 'stateTtl' must be longer than 0 (leave it out to keep state for ever), got \"0s\"");
    assertThatThrownBy(() -> SpecLoader.load("order-events.yaml", withTtl.replace("stateTtl: 7d", "stateTtl: [7d]")))
        .hasMessage("order-events.yaml:32:11: 'stateTtl' must be a string, got a list");
    assertThatThrownBy(() -> SpecLoader.load("order-events.yaml", withTtl.replace("stateTtl: 7d", "stateTTL: 7d")))
        .hasMessage("order-events.yaml:32:1: unknown key 'stateTTL' in the spec; expected one of: apiVersion, kind, metadata, inputs, "
            + "schema, transform, stateTtl, quality, outputs, sla, access, schedule, cost (did you mean 'stateTtl'?)");
    assertThatThrownBy(() -> SpecLoader.load("order-events.yaml", DESIGN_EXAMPLE.replace("quality:\n", "stateTtl: 7d\nquality:\n")))
        .hasMessage("order-events.yaml:32:11: 'stateTtl' applies to stream products; a batch product keeps no state between runs "
            + "(remove stateTtl or set schedule.mode: stream)");
  }

  @Test
  void readsAFileAndNamesItInProblems(@TempDir Path folder) throws Exception {
    Path file = folder.resolve("order-events.yaml");
    Files.writeString(file, "\uFEFF" + DESIGN_EXAMPLE.replace("kind: DataProduct", "kind: DataProducts"));
    assertThatThrownBy(() -> SpecLoader.load(file))
        .hasMessage(file + ":2:7: 'kind' must be DataProduct, got \"DataProducts\"");
    assertThatThrownBy(() -> SpecLoader.load(folder.resolve("missing.yaml")))
        .hasMessage(folder.resolve("missing.yaml") + ": no such file");
  }

  private static Position at(int line, int column) {
    return new Position("order-events.yaml", line, column);
  }

  private static char charAt(List<String> lines, Position position) {
    return lines.get(position.line() - 1).charAt(position.column() - 1);
  }
}
