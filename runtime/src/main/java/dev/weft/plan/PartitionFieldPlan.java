package dev.weft.plan;

import java.util.OptionalInt;

/**
 * One Iceberg partition field: a transform of a source column.
 *
 * @param transform identity, year, month, day, hour, bucket or truncate
 * @param width the bucket count or truncate width
 */
public record PartitionFieldPlan(String transform, String column, OptionalInt width) {

  @Override
  public String toString() {
    return switch (transform) {
      case "identity" -> column;
      case "bucket", "truncate" -> transform + "(" + width.getAsInt() + ", " + column + ")";
      default -> transform + "s(" + column + ")";
    };
  }
}
