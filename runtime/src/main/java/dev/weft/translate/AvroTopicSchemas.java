package dev.weft.translate;

import dev.weft.jobs.avro.AvroSchemas;
import dev.weft.jobs.source.JsonInputParser;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.PublishedColumn;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.flink.table.types.logical.RowType;

/**
 * The Avro schemas of an Avro product's topic, derived from its published columns: the value
 * record {@code weft.<domain>.<name>} and, for an upsert product, the key record {@code
 * weft.<domain>.<name>_key}; each column's description is its field's {@code doc}. They are
 * registered under {@code <topic>-value} and {@code <topic>-key} before the job starts.
 */
public final class AvroTopicSchemas {
  private AvroTopicSchemas() {}

  /**
   * The ids the registry gave the topic's schemas.
   *
   * @param key empty for a product without primary key (its records have no key)
   */
  public record Ids(int value, OptionalInt key) implements java.io.Serializable {}

  public static String valueSubject(ProductPlan plan) {
    return plan.names().topic() + "-value";
  }

  public static String keySubject(ProductPlan plan) {
    return plan.names().topic() + "-key";
  }

  public static Schema value(ProductPlan plan) {
    return AvroSchemas.record(plan.publishedType(), namespace(plan), AvroSchemas.name(plan.ref().name()), Optional.empty(), docs(plan));
  }

  /** Present for an upsert product. */
  public static Optional<Schema> key(ProductPlan plan) {
    if (!plan.upsert()) {
      return Optional.empty();
    }
    return Optional.of(AvroSchemas.record(keyType(plan), namespace(plan), AvroSchemas.name(plan.ref().name()) + "_key", Optional.empty(),
        docs(plan)));
  }

  static RowType keyType(ProductPlan plan) {
    return JsonInputParser.keyType(plan.publishedType(), plan.primaryKeyIndexes().stream().mapToInt(Integer::intValue).toArray());
  }

  private static String namespace(ProductPlan plan) {
    return "weft." + AvroSchemas.name(plan.domain());
  }

  private static Map<String, String> docs(ProductPlan plan) {
    return plan.columns().stream().filter(c -> c.description() != null && !c.description().isBlank())
        .collect(Collectors.toMap(PublishedColumn::name, PublishedColumn::description));
  }
}
