package dev.weft.spec;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The product's Iceberg table; its name is derived ({@code <domain>.<product>_v<major>}) unless given.
 *
 * @param partitionBy Iceberg partition transforms: {@code col}, {@code days(col)}, {@code bucket(16, col)} …
 */
public record TableOutput(
    Optional<String> name, List<PartitionField> partitionBy, Optional<Duration> compactEvery, Optional<Duration> keepSnapshots) {

  public TableOutput {
    partitionBy = List.copyOf(partitionBy);
  }

  public static TableOutput defaults() {
    return new TableOutput(Optional.empty(), List.of(), Optional.empty(), Optional.empty());
  }

  /** One entry of {@code partitionBy}, as written, with where it is. */
  public record PartitionField(String expression, Position position) {}
}
