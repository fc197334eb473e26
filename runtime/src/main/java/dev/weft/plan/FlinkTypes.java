package dev.weft.plan;

import dev.weft.spec.ColumnSpec;
import org.apache.flink.table.types.DataType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.table.types.utils.TypeConversions;

/** Column types as Flink sees them. The loader has already checked that each type string parses. */
public final class FlinkTypes {
  private FlinkTypes() {}

  public static LogicalType logicalType(ColumnSpec column) {
    return LogicalTypeParser.parse(column.type(), FlinkTypes.class.getClassLoader()).copy(column.nullable());
  }

  static DataType dataType(ColumnSpec column) {
    return TypeConversions.fromLogicalToDataType(logicalType(column));
  }
}
