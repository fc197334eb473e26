package dev.weft.contract;

import dev.weft.plan.PartitionFieldPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.PublishedColumn;
import dev.weft.plan.RulePlan;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.Durations;
import dev.weft.spec.ProductSpec;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.types.logical.LogicalType;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * A product as an Open Data Contract Standard (ODCS v3.1.0, Bitol) data contract, the document
 * data-contract tools (datacontract-cli among them) read: its schema with types, primary key,
 * descriptions and {@code pii} classification, its rules as SQL quality checks, its SLA, its owner as
 * the team, its reader domains as roles, and its two outputs as servers.
 *
 * <p>What ODCS has no field for but a consumer needs to read the data right (the masks, the
 * compatibility mode, what happens to a record that breaks a rule) goes into {@code customProperties};
 * what only the runtime needs (inputs, transform, maintenance) is left out. docs/contracts.md lists both.
 */
public final class OdcsContract {
  /** The ODCS version written, one of the schema's {@code apiVersion} values. */
  public static final String API_VERSION = "v3.1.0";
  /** What a {@code pii: true} column is classified as. */
  public static final String PII_CLASSIFICATION = "pii";
  static final String KAFKA_SERVER = "kafka-topic";
  static final String ICEBERG_SERVER = "iceberg-table";

  private OdcsContract() {}

  /**
   * The contract of one product, as ordered maps and lists ready to be written as YAML or JSON.
   *
   * @param kafka the bootstrap servers consumers of the topic connect to
   * @param trinoCatalog the Trino catalog the table is queried in; the quality checks' SQL names it
   */
  public static Map<String, Object> of(ProductSpec spec, ProductPlan plan, String kafka, String trinoCatalog) {
    Map<String, Object> contract = new LinkedHashMap<>();
    contract.put("apiVersion", API_VERSION);
    contract.put("kind", "DataContract");
    contract.put("id", plan.names().product() + ".v" + plan.ref().major());
    contract.put("name", spec.metadata().name());
    contract.put("version", spec.metadata().version().toString());
    contract.put("status", "active");
    contract.put("domain", spec.metadata().domain());
    if (!spec.metadata().description().isBlank()) {
      contract.put("description", ordered("purpose", spec.metadata().description()));
    }
    if (!spec.metadata().tags().isEmpty()) {
      contract.put("tags", spec.metadata().tags());
    }
    contract.put("team", ordered("name", spec.metadata().owner(),
        "members", List.of(ordered("username", spec.metadata().owner(), "role", "owner"))));
    if (!spec.access().readers().isEmpty()) {
      contract.put("roles", spec.access().readers().stream().map(reader -> ordered("role", reader, "access", "read",
          "description", "Domain " + reader + " reads the topic and the table (pii columns masked to NULL in Trino)")).toList());
    }
    contract.put("servers", List.of(kafkaServer(plan, kafka), icebergServer(plan, trinoCatalog)));
    contract.put("schema", List.of(schemaObject(spec, plan, trinoCatalog)));
    List<Map<String, Object>> sla = slaProperties(spec);
    if (!sla.isEmpty()) {
      contract.put("slaProperties", sla);
    }
    contract.put("customProperties", customProperties(spec));
    return contract;
  }

  /** The contract as a YAML document. */
  public static String yaml(Map<String, Object> contract) {
    DumperOptions style = new DumperOptions();
    style.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    style.setIndent(2);
    style.setIndicatorIndent(0);
    style.setWidth(160);
    return new Yaml(style).dump(contract);
  }

  private static Map<String, Object> kafkaServer(ProductPlan plan, String kafka) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("server", KAFKA_SERVER);
    server.put("type", "kafka");
    server.put("description", "The product's topic, read with isolation.level=read_committed: its records are written in transactions");
    server.put("host", kafka);
    server.put("format", plan.topic().format().text());
    server.put("customProperties", List.of(
        property("topic", plan.names().topic()),
        property("partitions", plan.topic().partitions()),
        property("retention", Durations.format(plan.topic().retention())),
        property("compacted", plan.topic().compacted()),
        property("deadLetterTopic", plan.names().deadLetterTopic())));
    return server;
  }

  private static Map<String, Object> icebergServer(ProductPlan plan, String trinoCatalog) {
    Map<String, Object> server = new LinkedHashMap<>();
    server.put("server", ICEBERG_SERVER);
    server.put("type", "custom");
    server.put("description", "The product's Apache Iceberg table, queried through Trino as " + trinoCatalog + "." + plan.names().qualifiedTable());
    server.put("format", "iceberg");
    server.put("catalog", trinoCatalog);
    server.put("schema", plan.names().tableNamespace());
    server.put("customProperties", List.of(property("table", plan.names().qualifiedTable())));
    return server;
  }

  private static Map<String, Object> schemaObject(ProductSpec spec, ProductPlan plan, String trinoCatalog) {
    Map<String, Object> object = new LinkedHashMap<>();
    object.put("name", plan.names().table());
    object.put("physicalName", plan.names().qualifiedTable());
    object.put("physicalType", "table");
    object.put("logicalType", "object");
    if (!spec.metadata().description().isBlank()) {
      object.put("description", spec.metadata().description());
    }
    List<Map<String, Object>> properties = new ArrayList<>();
    for (PublishedColumn column : plan.columns()) {
      properties.add(property(spec, plan, column));
    }
    object.put("properties", properties);
    String table = trinoCatalog + "." + plan.names().qualifiedTable();
    List<Map<String, Object>> quality = plan.rules().stream().filter(rule -> !rule.implicit()).map(rule -> qualityCheck(rule, table)).toList();
    if (!quality.isEmpty()) {
      object.put("quality", quality);
    }
    return object;
  }

  private static Map<String, Object> property(ProductSpec spec, ProductPlan plan, PublishedColumn column) {
    ColumnSpec declared = spec.schema().column(column.name()).orElseThrow();
    Map<String, Object> property = new LinkedHashMap<>();
    property.put("name", column.name());
    property.put("logicalType", logicalType(column.type()));
    property.put("physicalType", declared.type());
    int keyPosition = plan.primaryKey().indexOf(column.name());
    property.put("required", keyPosition >= 0 || !declared.nullable());
    if (keyPosition >= 0) {
      property.put("primaryKey", true);
      property.put("primaryKeyPosition", keyPosition + 1);
    }
    List<PartitionFieldPlan> partitions = plan.partitionBy();
    for (int i = 0; i < partitions.size(); i++) {
      if (partitions.get(i).column().equals(column.name())) {
        property.put("partitioned", true);
        property.put("partitionKeyPosition", i + 1);
        break;
      }
    }
    if (!column.description().isBlank()) {
      property.put("description", column.description());
    }
    if (column.pii()) {
      property.put("classification", PII_CLASSIFICATION);
    }
    if (!column.sources().isEmpty()) {
      property.put("transformSourceObjects", column.sources().stream().map(s -> s.input() + "." + s.column()).distinct().toList());
    }
    List<Map<String, Object>> custom = new ArrayList<>();
    column.mask().ifPresent(mask -> custom.add(property("mask", mask)));
    column.keySecret().ifPresent(secret -> custom.add(property("maskKeySecret", secret)));
    partitions.stream().filter(p -> p.column().equals(column.name()) && !p.transform().equals("identity"))
        .forEach(p -> custom.add(property("partitionTransform", p.toString())));
    if (!custom.isEmpty()) {
      property.put("customProperties", custom);
    }
    return property;
  }

  /**
   * A rule as an ODCS SQL check: the count of rows that break it must be 0. A record passes only
   * where the check is TRUE, so NULL breaks it too: hence the COALESCE.
   */
  private static Map<String, Object> qualityCheck(RulePlan rule, String table) {
    Map<String, Object> check = new LinkedHashMap<>();
    check.put("name", rule.name());
    check.put("description", "Every published row satisfies " + rule.sql() + "; records that do not are handled as onViolation says");
    check.put("type", "sql");
    check.put("query", "SELECT COUNT(*) FROM " + table + " WHERE NOT COALESCE(" + rule.sql() + ", FALSE)");
    check.put("mustBe", 0);
    check.put("customProperties", List.of(property("check", rule.sql())));
    return check;
  }

  private static List<Map<String, Object>> slaProperties(ProductSpec spec) {
    List<Map<String, Object>> sla = new ArrayList<>();
    spec.sla().ifPresent(promise -> {
      promise.freshness().ifPresent(freshness -> sla.add(sla("latency", freshness.toSeconds(), "s",
          "A committed record is in the topic and the table at most this long after its event time")));
      promise.availabilityPercent().ifPresent(availability -> sla.add(sla("availability", availability, "percent",
          "Share of the time the product is running")));
    });
    if (spec.quality().minValidRatio() > 0) {
      // exact decimal arithmetic: 1 - 0.95 is 0.05, not 0.050000000000000044
      BigDecimal errorRate = BigDecimal.ONE.subtract(BigDecimal.valueOf(spec.quality().minValidRatio()));
      sla.add(sla("errorRate", errorRate.doubleValue(), "ratio", "At most this share of the input is rejected by the rules (quality.minValidRatio "
          + spec.quality().minValidRatio() + ")"));
    }
    return sla;
  }

  private static Map<String, Object> sla(String property, Object value, String unit, String description) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("property", property);
    entry.put("value", value);
    entry.put("unit", unit);
    entry.put("description", description);
    return entry;
  }

  private static List<Map<String, Object>> customProperties(ProductSpec spec) {
    List<Map<String, Object>> custom = new ArrayList<>();
    custom.add(property("weftProduct", spec.ref().toString()));
    custom.add(property("schemaCompatibility", spec.schema().compatibility().text()));
    custom.add(property("onViolation", spec.quality().onViolation().specValue()));
    custom.add(property("scheduleMode", spec.schedule().mode().name().toLowerCase(java.util.Locale.ROOT)));
    spec.schedule().cron().ifPresent(cron -> custom.add(property("scheduleCron", cron)));
    spec.cost().ifPresent(cost -> custom.add(property("costCenter", cost.center())));
    return custom;
  }

  private static Map<String, Object> property(String name, Object value) {
    return ordered("property", name, "value", value);
  }

  /** A map of the keys and values given in turn, written in that order. */
  private static Map<String, Object> ordered(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }

  /** ODCS's logical types: what a consumer in any language reads a value as. */
  static String logicalType(LogicalType type) {
    return switch (type.getTypeRoot()) {
      case BOOLEAN -> "boolean";
      case TINYINT, SMALLINT, INTEGER, BIGINT -> "integer";
      case DECIMAL, FLOAT, DOUBLE -> "number";
      case DATE -> "date";
      case TIME_WITHOUT_TIME_ZONE -> "time";
      case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> "timestamp";
      case ARRAY, MULTISET -> "array";
      case ROW, MAP, STRUCTURED_TYPE -> "object";
      default -> "string";
    };
  }
}
