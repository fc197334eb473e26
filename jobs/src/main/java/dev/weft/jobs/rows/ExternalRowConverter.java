package dev.weft.jobs.rows;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/** Rows of a changelog stream back to internal rows, keeping their change kind. */
public final class ExternalRowConverter extends DataStructureConversion<Row, RowData> {
  private static final long serialVersionUID = 1L;

  public ExternalRowConverter(DataType rowType) {
    super(rowType);
  }

  @Override
  public RowData map(Row row) {
    return (RowData) converter.toInternal(row);
  }
}
