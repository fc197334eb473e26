package dev.weft.jobs.source.cdc;

import java.io.Serializable;
import java.util.EnumSet;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;

/**
 * The columns a product reads from a captured table, checked against the schema of each change
 * (Debezium's row schema). Columns added upstream are ignored; a column the product reads that was
 * dropped or retyped upstream stops the job with a message naming it, rather than nulls or garbage.
 */
public final class SourceColumns implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final String VARIABLE_SCALE_DECIMAL = "io.debezium.data.VariableScaleDecimal";

  private final String product;
  private final String input;
  private final String table;
  private final RowType columns;
  /** The row schema last found compatible: changes share schema objects until the table changes. */
  private transient Schema checked;

  public SourceColumns(String product, String input, String table, RowType columns) {
    this.product = product;
    this.input = input;
    this.table = table;
    this.columns = columns;
  }

  /** @throws SourceSchemaChangedException naming the first column the product reads that the row no longer has as declared */
  public void check(Schema row) {
    if (row == checked) {
      return;
    }
    for (RowType.RowField column : columns.getFields()) {
      Field field = row.field(column.getName());
      if (field == null) {
        throw new SourceSchemaChangedException("product " + product + ": input '" + input + "' reads column '" + column.getName()
            + "', which " + table + " no longer has (dropped upstream); remove it from the input and the transform, or restore it");
      }
      if (!compatible(column.getType(), field.schema())) {
        throw new SourceSchemaChangedException("product " + product + ": input '" + input + "' reads column '" + column.getName()
            + "' as " + column.getType().asSummaryString().replace(" NOT NULL", "") + ", but " + table + " now has it as "
            + describe(field.schema()) + " (retyped upstream); change the input's column type and the transform to match");
      }
    }
    checked = row;
  }

  /** Whether Flink CDC converts a value of this Connect schema to the declared type. */
  static boolean compatible(LogicalType declared, Schema actual) {
    Schema.Type type = actual.type();
    String name = actual.name();
    return switch (declared.getTypeRoot()) {
      case BOOLEAN -> type == Schema.Type.BOOLEAN;
      case TINYINT -> type == Schema.Type.INT8;
      case SMALLINT -> EnumSet.of(Schema.Type.INT8, Schema.Type.INT16).contains(type);
      case INTEGER -> EnumSet.of(Schema.Type.INT8, Schema.Type.INT16, Schema.Type.INT32).contains(type) && name == null;
      case BIGINT -> EnumSet.of(Schema.Type.INT8, Schema.Type.INT16, Schema.Type.INT32, Schema.Type.INT64).contains(type) && name == null;
      case FLOAT -> type == Schema.Type.FLOAT32;
      case DOUBLE -> type == Schema.Type.FLOAT32 || type == Schema.Type.FLOAT64;
      // the source reads numbers with decimal.handling.mode = precise
      case DECIMAL -> Decimal.LOGICAL_NAME.equals(name) || VARIABLE_SCALE_DECIMAL.equals(name);
      case CHAR, VARCHAR -> type == Schema.Type.STRING;
      case BINARY, VARBINARY -> type == Schema.Type.BYTES && name == null;
      case DATE -> type == Schema.Type.INT32 && name != null;
      case TIME_WITHOUT_TIME_ZONE -> (type == Schema.Type.INT32 || type == Schema.Type.INT64) && name != null;
      case TIMESTAMP_WITHOUT_TIME_ZONE, TIMESTAMP_WITH_LOCAL_TIME_ZONE ->
          (type == Schema.Type.INT64 && name != null) || (type == Schema.Type.STRING && name != null);
      default -> true;
    };
  }

  private static String describe(Schema schema) {
    return schema.name() == null ? schema.type().getName() : schema.type().getName() + " (" + schema.name() + ")";
  }
}
