package dev.weft.plan;

import dev.weft.jobs.source.RecordOrigin;
import dev.weft.spec.ColumnSpec;
import java.math.BigDecimal;
import java.util.Optional;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;

/**
 * The relation an input becomes in SQL: its declared columns, the origin column, and its
 * watermark. The compiler validates against exactly what the job registers.
 */
public final class InputSchemas {
  private InputSchemas() {}

  public static Schema schemaOf(InputPlan input) {
    Schema.Builder schema = Schema.newBuilder();
    for (ColumnSpec column : input.columns()) {
      schema.column(column.name(), FlinkTypes.dataType(column));
    }
    schema.column(RecordOrigin.COLUMN, TypeConversions.fromLogicalToDataType(RecordOrigin.TYPE));
    if (input.changelog()) {
      schema.primaryKey(input.primaryKey());
    }
    input.watermark().ifPresent(w -> schema.watermark(w.column(),
        "`" + w.column() + "` - INTERVAL '" + BigDecimal.valueOf(w.delay().toMillis(), 3).toPlainString() + "' SECOND"));
    return schema.build();
  }

  /**
   * How the input enters SQL: empty for rows to insert (an append input, and every input of a batch
   * job, which reads inputs whole); else the kind of changelog it is.
   */
  public static Optional<ChangelogMode> changelogMode(InputPlan input, boolean batch) {
    if (batch || !input.changelog()) {
      return Optional.empty();
    }
    // a CDC input carries full before images (REPLICA IDENTITY FULL / binlog_row_image FULL): every change kind as
    // it happened, so no normalizing state is kept and a delete applies even to a key this run has not seen.
    // A product topic has only the new row per key and tombstones: an upsert changelog, normalized by key.
    return Optional.of(input instanceof InputPlan.Cdc ? ChangelogMode.all() : ChangelogMode.upsert());
  }

  /** The row the input becomes in SQL, as a data type: its columns and the origin. */
  public static org.apache.flink.table.types.DataType rowDataType(InputPlan input) {
    return TypeConversions.fromLogicalToDataType(dev.weft.jobs.source.JsonInputParser.outputType(columnsOf(input)));
  }

  /** The input's declared columns, as the JSON parser reads them. */
  public static RowType columnsOf(InputPlan input) {
    return RowType.of(
        input.columns().stream().map(FlinkTypes::logicalType).toArray(org.apache.flink.table.types.logical.LogicalType[]::new),
        input.columns().stream().map(ColumnSpec::name).toArray(String[]::new));
  }
}
