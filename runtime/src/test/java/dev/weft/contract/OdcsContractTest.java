package dev.weft.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.Durations;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.WeftCommandLine;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The ODCS contracts of the example products (and of a product with an encrypted PII column) are
 * valid against Bitol's pinned JSON Schema, and carry every spec field ODCS can express.
 */
class OdcsContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static JsonSchema odcs;
  private static ProductSet examples;

  @BeforeAll
  static void load() throws Exception {
    try (InputStream schema = OdcsContractTest.class.getResourceAsStream("/odcs/odcs-json-schema-v3.1.0.json")) {
      odcs = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V201909).getSchema(schema);
    }
    examples = ProductSet.compile(List.of(Path.of("../product-specs"), Path.of("src/test/resources/specs/it/pii-last-orders.yaml")));
    assertThat(examples.plans()).hasSize(6);
  }

  @Test
  void everyContractIsValidOdcs() {
    for (ProductPlan plan : examples.plans()) {
      JsonNode contract = written(plan);
      assertThat(odcs.validate(contract)).as("%s against the ODCS v3.1.0 schema", plan.product()).isEmpty();
      assertThat(contract.get("apiVersion").asText()).isEqualTo("v3.1.0");
      assertThat(contract.get("kind").asText()).isEqualTo("DataContract");
    }
  }

  /** The schema check is not vacuous: a contract without its required status, and one with an unknown field, are refused. */
  @Test
  void theSchemaRefusesWhatOdcsDoesNotAllow() {
    JsonNode contract = written(examples.plans().get(0));
    var noStatus = contract.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) noStatus).remove("status");
    assertThat(odcs.validate(noStatus)).extracting(Object::toString).anyMatch(m -> m.contains("status"));
    var unknownProperty = contract.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) unknownProperty.get("schema").get(0).get("properties").get(0)).put("pii", true);
    assertThat(odcs.validate(unknownProperty)).isNotEmpty();
  }

  /** Round trip: read back from the written YAML, each field ODCS has a place for holds the spec's value. */
  @Test
  void everySpecFieldOdcsCanExpressIsInTheContract() {
    for (ProductPlan plan : examples.plans()) {
      ProductSpec spec = examples.spec(plan);
      JsonNode contract = written(plan);
      String product = plan.product();
      assertThat(contract.get("name").asText()).as(product).isEqualTo(spec.metadata().name());
      assertThat(contract.get("domain").asText()).as(product).isEqualTo(spec.metadata().domain());
      assertThat(contract.get("version").asText()).as(product).isEqualTo(spec.metadata().version().toString());
      assertThat(contract.get("team").get("name").asText()).as(product).isEqualTo(spec.metadata().owner());
      assertThat(contract.path("description").path("purpose").asText()).as(product).isEqualTo(spec.metadata().description());
      assertThat(texts(contract.path("tags"))).as(product).isEqualTo(spec.metadata().tags());
      assertThat(texts(contract.path("roles"), "role")).as(product).isEqualTo(spec.access().readers());

      JsonNode object = contract.get("schema").get(0);
      assertThat(object.get("physicalName").asText()).isEqualTo(plan.names().qualifiedTable());
      JsonNode properties = object.get("properties");
      assertThat(properties).hasSize(spec.schema().columns().size());
      List<String> primaryKey = new ArrayList<>();
      for (int i = 0; i < spec.schema().columns().size(); i++) {
        ColumnSpec column = spec.schema().columns().get(i);
        JsonNode property = properties.get(i);
        String where = product + " column " + column.name();
        assertThat(property.get("name").asText()).as(where).isEqualTo(column.name());
        assertThat(property.get("physicalType").asText()).as(where).isEqualTo(column.type());
        boolean key = spec.schema().primaryKey().contains(column.name());
        assertThat(property.get("required").asBoolean()).as(where).isEqualTo(key || !column.nullable());
        assertThat(property.path("description").asText()).as(where).isEqualTo(column.description());
        assertThat(property.path("classification").asText(null)).as(where).isEqualTo(column.pii() ? "pii" : null);
        assertThat(custom(property, "mask")).as(where).isEqualTo(column.mask().orElse(null));
        assertThat(custom(property, "maskKeySecret")).as(where).isEqualTo(column.keySecret().orElse(null));
        if (property.path("primaryKey").asBoolean()) {
          primaryKey.add(property.get("primaryKeyPosition").asInt() - 1, column.name());
        }
      }
      assertThat(primaryKey).as(product + " primary key").isEqualTo(spec.schema().primaryKey());

      List<String> rules = spec.quality().rules().stream().map(r -> r.name() + ": " + r.check().sql().strip()).toList();
      List<String> checks = StreamSupport.stream(object.path("quality").spliterator(), false)
          .peek(q -> assertThat(q.get("type").asText()).isEqualTo("sql"))
          .peek(q -> assertThat(q.get("query").asText()).contains(custom(q, "check")).startsWith("SELECT COUNT(*) FROM iceberg."))
          .map(q -> q.get("name").asText() + ": " + custom(q, "check")).toList();
      assertThat(checks).as(product + " rules").isEqualTo(rules);

      assertThat(sla(contract, "latency")).as(product).isEqualTo(
          spec.sla().flatMap(s -> s.freshness()).map(f -> Long.toString(f.toSeconds())).orElse(null));
      assertThat(sla(contract, "availability")).as(product).isEqualTo(
          spec.sla().flatMap(s -> s.availabilityPercent()).map(Object::toString).orElse(null));
      assertThat(sla(contract, "errorRate")).as(product).isEqualTo(spec.quality().minValidRatio() > 0
          ? new java.math.BigDecimal("1").subtract(java.math.BigDecimal.valueOf(spec.quality().minValidRatio())).toString() : null);

      JsonNode kafka = server(contract, "kafka");
      assertThat(custom(kafka, "topic")).isEqualTo(plan.names().topic());
      assertThat(custom(kafka, "partitions")).isEqualTo(Integer.toString(spec.outputs().topic().partitions()));
      assertThat(custom(kafka, "retention")).isEqualTo(Durations.format(spec.outputs().topic().retention()));
      assertThat(kafka.get("format").asText()).isEqualTo(spec.outputs().topic().format().text());
      JsonNode iceberg = server(contract, "custom");
      assertThat(custom(iceberg, "table")).isEqualTo(plan.names().qualifiedTable());
      assertThat(iceberg.get("format").asText()).isEqualTo("iceberg");

      assertThat(custom(contract, "schemaCompatibility")).isEqualTo(spec.schema().compatibility().text());
      assertThat(custom(contract, "onViolation")).isEqualTo(spec.quality().onViolation().specValue());
      assertThat(custom(contract, "costCenter")).isEqualTo(spec.cost().map(c -> c.center()).orElse(null));
    }
  }

  @Test
  void orderEventsReadsAsItsSpecSays() {
    ProductPlan plan = orderEvents();
    String yaml = OdcsContract.yaml(OdcsContract.of(examples.spec(plan), plan, "kafka:9092", "iceberg"));
    assertThat(yaml).startsWith("""
        apiVersion: v3.1.0
        kind: DataContract
        id: orders.order-events.v1
        name: order-events
        version: 1.0.0
        status: active
        domain: orders
        """);
    assertThat(yaml).contains("""
          quality:
          - name: positive-total
            description: Every published row satisfies order_total > 0; records that do not are handled as onViolation says
            type: sql
            query: SELECT COUNT(*) FROM iceberg.orders.order_events_v1 WHERE NOT COALESCE(order_total > 0, FALSE)
            mustBe: 0
        """);
    assertThat(yaml).contains("""
        slaProperties:
        - property: latency
          value: 60
          unit: s
        """);
  }

  @Test
  void theCommandWritesOneFilePerProduct(@TempDir Path out) throws Exception {
    WeftCommandLine weft = new WeftCommandLine();
    // one folder of two specs: every spec compiled costs the test seconds
    assertThat(weft.run("contract", "export", "../product-specs/orders", "--out", out.toString())).as(weft.err()).isZero();
    try (var files = Files.list(out)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted()).containsExactly(
          "orders.order-events.v1.odcs.yaml", "orders.orders-with-tier.v1.odcs.yaml");
    }
    assertThat(weft.out()).isEqualTo("orders.order-events@1 -> " + out.resolve("orders.order-events.v1.odcs.yaml") + "\n"
        + "orders.orders-with-tier@1 -> " + out.resolve("orders.orders-with-tier.v1.odcs.yaml") + "\n");
    assertThat(Files.readString(out.resolve("orders.order-events.v1.odcs.yaml"))).isEqualTo(
        OdcsContract.yaml(OdcsContract.of(examples.spec(orderEvents()), orderEvents(), "localhost:9092", "iceberg")));
    weft.clear();
    assertThat(weft.run("contract", "export", "../product-specs/payments", "--format", "dcs")).isEqualTo(2);
    assertThat(weft.err()).isEqualTo("unknown contract format 'dcs': use odcs\n");
  }

  private static ProductPlan orderEvents() {
    return examples.plans().stream().filter(p -> p.product().equals("orders.order-events")).findFirst().orElseThrow();
  }

  /** The contract as the YAML text it is written as, read back. */
  private static JsonNode written(ProductPlan plan) {
    String yaml = OdcsContract.yaml(OdcsContract.of(examples.spec(plan), plan, "localhost:9092", "iceberg"));
    Map<String, Object> read = new Yaml().load(yaml);
    return JSON.valueToTree(read);
  }

  private static List<String> texts(JsonNode array) {
    return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
  }

  private static List<String> texts(JsonNode array, String field) {
    return StreamSupport.stream(array.spliterator(), false).map(n -> n.get(field).asText()).toList();
  }

  private static String custom(JsonNode node, String property) {
    return StreamSupport.stream(node.path("customProperties").spliterator(), false)
        .filter(p -> p.get("property").asText().equals(property)).map(p -> p.get("value").asText()).findFirst().orElse(null);
  }

  private static String sla(JsonNode contract, String property) {
    return StreamSupport.stream(contract.path("slaProperties").spliterator(), false)
        .filter(p -> p.get("property").asText().equals(property)).map(p -> p.get("value").asText()).findFirst().orElse(null);
  }

  private static JsonNode server(JsonNode contract, String type) {
    return StreamSupport.stream(contract.get("servers").spliterator(), false)
        .filter(s -> s.get("type").asText().equals(type)).findFirst().orElseThrow();
  }
}
