package dev.weft.jobs.source.table;

import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;

/**
 * A table row as an input row: its columns, then an empty origin column. A row of a table is no
 * one input record (it may be the result of many), so it carries none.
 */
public final class WithoutOrigin implements MapFunction<RowData, RowData> {
  private static final long serialVersionUID = 1L;

  @Override
  public RowData map(RowData row) {
    JoinedRowData joined = new JoinedRowData(row, GenericRowData.of((Object) null));
    joined.setRowKind(row.getRowKind());
    return joined;
  }
}
