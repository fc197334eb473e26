package dev.weft.spec;

import java.time.Duration;
import java.util.Optional;

/**
 * The product's Kafka topic; its name is derived ({@code <domain>.<product>.v<major>}) unless given.
 * In {@link WireFormat#AVRO} its key and value schemas are registered in the schema registry.
 */
public record TopicOutput(Optional<String> name, int partitions, Duration retention, WireFormat format) {
  public static final int DEFAULT_PARTITIONS = 1;
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  public static TopicOutput defaults() {
    return new TopicOutput(Optional.empty(), DEFAULT_PARTITIONS, DEFAULT_RETENTION, WireFormat.JSON);
  }
}
