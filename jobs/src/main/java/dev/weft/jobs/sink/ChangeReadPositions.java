package dev.weft.jobs.sink;

import dev.weft.jobs.source.RecordOrigin;
import org.apache.flink.table.data.RowData;

/**
 * The read positions of a CDC input: the log position each change carries in its origin column
 * (rows read by a snapshot carry -1).
 */
public final class ChangeReadPositions extends ReadPositionReporter<RowData> {
  private static final long serialVersionUID = 1L;
  private final int originField;

  /** @param originField index of the {@link RecordOrigin} column in the input's rows */
  public ChangeReadPositions(int originField) {
    this.originField = originField;
  }

  @Override
  protected void track(RowData row, SourcePositions.Tracker positions) {
    if (!row.isNullAt(originField)) {
      RowData origin = row.getRow(originField, RecordOrigin.TYPE.getFieldCount());
      positions.saw(origin.getString(RecordOrigin.TOPIC), origin.getInt(RecordOrigin.PARTITION), origin.getLong(RecordOrigin.OFFSET));
    }
  }
}
