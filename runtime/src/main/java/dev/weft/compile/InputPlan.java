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
 */
public record InputPlan(
    String name,
    String topic,
    List<ColumnSpec> columns,
    StartingOffsets startingOffsets,
    Optional<WatermarkSpec> watermark,
    Optional<String> upstreamProduct) {

  public InputPlan {
    columns = List.copyOf(columns);
  }
}
