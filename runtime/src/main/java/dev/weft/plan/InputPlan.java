package dev.weft.plan;

import dev.weft.spec.ColumnSpec;
import dev.weft.spec.KafkaInput.StartingOffsets;
import dev.weft.spec.WatermarkSpec;
import java.util.List;
import java.util.Optional;

/**
 * How one input is read: a Kafka topic of JSON records with these columns, or the changes of a
 * database table (CDC). An upstream product is read from its topic with its published columns.
 *
 * @param topic the Kafka topic read; for a CDC input, the origin name its records carry
 *     ({@code postgres:schema.table})
 * @param upstreamProduct the product whose topic this is, if it is one
 * @param upstreamTable that product's Iceberg table ({@code namespace.table}), which batch products read instead
 * @param cdc how the table's changes are captured, for a CDC input
 * @param primaryKey the key of an upsert product's topic: the input is then read as a changelog
 *     (latest row per key, tombstones delete); empty for append inputs
 */
public record InputPlan(
    String name,
    String topic,
    List<ColumnSpec> columns,
    StartingOffsets startingOffsets,
    Optional<WatermarkSpec> watermark,
    Optional<String> upstreamProduct,
    Optional<String> upstreamTable,
    List<String> primaryKey,
    Optional<CdcPlan> cdc) {

  public InputPlan {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
  }

  /** An input read from a Kafka topic (its own, or an upstream product's). */
  public boolean fromKafka() {
    return cdc.isEmpty();
  }

  /**
   * Whether its records hold personal values in clear: a column of a Kafka or CDC input marked
   * {@code pii: true}, or an upstream product's {@code pii: true} column it publishes unmasked.
   */
  public boolean carriesPersonalValues() {
    return columns.stream().anyMatch(c -> c.pii() && (upstreamProduct.isEmpty() || c.mask().isEmpty()));
  }

  public boolean changelog() {
    return !primaryKey.isEmpty();
  }

  /** Indexes of the key columns among the columns. */
  public int[] primaryKeyIndexes() {
    List<String> names = columns.stream().map(ColumnSpec::name).toList();
    return primaryKey.stream().mapToInt(names::indexOf).toArray();
  }
}
