package dev.weft.jobs.rows;

import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;

/** Internal rows to {@link Row}s, keeping their change kind: Flink takes changelogs only as Rows. */
public final class InternalRowConverter extends DataStructureConversion<RowData, Row> {
  private static final long serialVersionUID = 1L;

  public InternalRowConverter(DataType rowType) {
    super(rowType);
  }

  @Override
  public Row map(RowData row) {
    return (Row) converter.toExternal(row);
  }
}
