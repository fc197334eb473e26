package dev.weft.compile;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/** Internal rows to {@link Row}s, keeping their change kind: Flink takes changelogs only as Rows. */
final class InternalRowConverter extends RichMapFunction<RowData, Row> {
  private static final long serialVersionUID = 1L;
  private final DataType rowType;
  private transient DataStructureConverter<Object, Object> converter;

  InternalRowConverter(DataType rowType) {
    this.rowType = rowType;
  }

  @Override
  public void open(OpenContext openContext) {
    converter = DataStructureConverters.getConverter(rowType);
    converter.open(getRuntimeContext().getUserCodeClassLoader());
  }

  @Override
  public Row map(RowData row) {
    return (Row) converter.toExternal(row);
  }
}
