package dev.weft.compile;

import dev.weft.spec.ColumnSpec;
import dev.weft.spec.KafkaInput.StartingOffsets;
import dev.weft.spec.WatermarkSpec;
import java.util.List;
import java.util.Optional;

/**
 * How one input is read: a Kafka topic of JSON records with these columns. An upstream product is
 * read from its topic with its published columns.
 *
 * @param upstreamProduct the product whose topic this is, if it is one
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
    List<String> primaryKey) {

  public InputPlan {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
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
