package dev.weft.spec;

import java.util.List;
import java.util.Optional;

/**
 * A Kafka topic of JSON records, or of Avro records in the Confluent wire format ({@code format: avro}).
 *
 * @param columns the fields read from each record; others are ignored
 * @param startingOffsets where a product reads from when nothing has been committed yet
 */
public record KafkaInput(
    String name,
    String topic,
    WireFormat format,
    StartingOffsets startingOffsets,
    Optional<WatermarkSpec> watermark,
    List<ColumnSpec> columns,
    Position position)
    implements InputSpec {

  public KafkaInput {
    columns = List.copyOf(columns);
  }

  public enum StartingOffsets {
    EARLIEST,
    LATEST
  }
}
