package dev.weft.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {

  @Test
  void loadsEveryFieldOfTheExampleOrderEventsSpec() throws Exception {
    ProductSpec spec = SpecLoader.load(Path.of("../product-specs/orders/order-events.yaml"));

    assertThat(spec.metadata()).isEqualTo(new Metadata("order-events", "orders", new SemVer(1, 0, 0, ""),
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
    assertThat(spec.outputs().topic()).isEqualTo(new TopicOutput(Optional.empty(), 3, Duration.ofDays(7), "json"));
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

  @Test
  void parsesDurationsAndResolvesReferences() {
    assertThat(Durations.parse("500ms")).contains(Duration.ofMillis(500));
    assertThat(Durations.parse("7d")).contains(Duration.ofDays(7));
    assertThat(Durations.parse("5 seconds")).isEmpty();
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(References.resolve("jdbc:${env:HOST}/${secret:db-pass}",
        name -> Optional.ofNullable(switch (name) {
          case "HOST" -> "db.local";
          case "WEFT_SECRET_DB_PASS" -> "s3cret";
          default -> null;
        }))).isEqualTo("jdbc:db.local/s3cret");
    assertThatThrownBy(() -> References.resolve("${secret:db-pass}", name -> Optional.empty()))
        .hasMessage("secret db-pass is not set (set WEFT_SECRET_DB_PASS)");
  }
}
