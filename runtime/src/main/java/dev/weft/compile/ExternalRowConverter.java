package dev.weft.compile;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/** Rows of a changelog stream back to internal rows, keeping their change kind. */
final class ExternalRowConverter extends RichMapFunction<Row, RowData> {
  private static final long serialVersionUID = 1L;
  private final DataType rowType;
  private transient DataStructureConverter<Object, Object> converter;

  ExternalRowConverter(DataType rowType) {
    this.rowType = rowType;
  }

  @Override
  public void open(OpenContext openContext) {
    converter = DataStructureConverters.getConverter(rowType);
    converter.open(getRuntimeContext().getUserCodeClassLoader());
  }

  @Override
  public RowData map(Row row) {
    return (RowData) converter.toInternal(row);
  }
}
