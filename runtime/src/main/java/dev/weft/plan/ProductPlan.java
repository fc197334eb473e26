package dev.weft.plan;

import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.SemanticVersion;
import dev.weft.spec.OnViolation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.types.logical.RowType;

/**
 * Everything the compiler decided about one product, and the only thing executors run: how each
 * input is read, the SQL that computes the published columns and the rule results, what happens
 * to records that break a rule, and both outputs.
 *
 * @param transformSql the spec's transform, or the identity of its single input
 * @param jobSql the SQL the job runs: published columns, the origin column, one BOOLEAN per rule
 * @param originTraceable whether records keep their input origin through the transform (false
 *     for aggregations and other shapes where one output row has no single input record)
 * @param batchCron present for a batch product: the Quartz cron it runs on; each run reads its
 *     inputs whole (upstream products from their tables) and overwrites the partitions it writes
 * @param stateTtl how long the SQL part keeps the state of a key that sees no change (Flink's
 *     {@code table.exec.state.ttl}); empty keeps it for ever
 */
public record ProductPlan(
    String specFile,
    String product,
    String version,
    ProductNames names,
    List<InputPlan> inputs,
    String transformSql,
    String jobSql,
    boolean originTraceable,
    List<PublishedColumn> columns,
    List<String> primaryKey,
    List<RulePlan> rules,
    OnViolation onViolation,
    TopicPlan topic,
    List<PartitionFieldPlan> partitionBy,
    MaintenancePlan maintenance,
    Optional<String> batchCron,
    Optional<Duration> stateTtl) {

  /** Transforms see TIMESTAMP_LTZ values in UTC wherever the job runs, so results do not depend on the host. */
  public static final java.time.ZoneId SQL_TIME_ZONE = java.time.ZoneOffset.UTC;

  public ProductPlan {
    inputs = List.copyOf(inputs);
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    rules = List.copyOf(rules);
    partitionBy = List.copyOf(partitionBy);
  }

  /**
   * Whether the product handles personal data: a published column or an input column marked
   * {@code pii: true} (an upstream product's masked columns are no longer in clear). Its dead letters then leave out the raw input record (which holds the
   * unmasked values, published or not) and keep only where it came from.
   */
  public boolean hasPii() {
    return columns.stream().anyMatch(PublishedColumn::pii) || inputs.stream().anyMatch(InputPlan::carriesPersonalValues);
  }

  /** {@code domain.name@major}, read with the one reference and version types rather than by hand. */
  public ProductRef ref() {
    ProductRef whole = ProductRef.parse(product).orElseThrow();
    return new ProductRef(whole.domain(), whole.name(), SemanticVersion.parse(version).orElseThrow().major());
  }

  /** The owner domain, whose principal the product's job signs in as. */
  public String domain() {
    return ref().domain();
  }

  /** {@code domain.name@major}: one major of a product, as other products' inputs name it. */
  public String versionedName() {
    return ref().toString();
  }

  /**
   * The name of its Flink job, {@code weft_<domain>_<name>_v<major>}: Prometheus-safe (Flink's
   * reporter puts it in the {@code job_name} label as it is), and it says product and major.
   */
  public String jobName() {
    return ("weft_" + product + "_v" + ref().major()).replaceAll("[^A-Za-z0-9_]", "_");
  }

  /** The secrets holding the keys of its encrypt masks, by name, each once. */
  public List<String> encryptionSecrets() {
    return columns.stream().flatMap(c -> c.keySecret().stream()).distinct().toList();
  }

  public boolean batch() {
    return batchCron.isPresent();
  }

  public boolean upsert() {
    return !primaryKey.isEmpty();
  }

  public RowType publishedType() {
    return RowType.of(
        columns.stream().map(PublishedColumn::type).toArray(org.apache.flink.table.types.logical.LogicalType[]::new),
        columns.stream().map(PublishedColumn::name).toArray(String[]::new));
  }

  /** The input of this name. */
  public InputPlan input(String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("product " + product + " has no input '" + name + "'"));
  }

  /** Indexes of the primary key columns among the published columns. */
  public List<Integer> primaryKeyIndexes() {
    List<String> names = columns.stream().map(PublishedColumn::name).toList();
    return primaryKey.stream().map(names::indexOf).toList();
  }

  /**
   * The product topic's settings.
   *
   * @param format how key and value are written; in Avro their schemas are registered under {@code compatibility}
   */
  public record TopicPlan(int partitions, Duration retention, boolean compacted, dev.weft.spec.WireFormat format,
      dev.weft.catalog.schema.CompatibilityMode compatibility) {
    /** A JSON topic. */
    public TopicPlan(int partitions, Duration retention, boolean compacted) {
      this(partitions, retention, compacted, dev.weft.spec.WireFormat.JSON, dev.weft.catalog.schema.CompatibilityMode.DEFAULT);
    }
  }
}
