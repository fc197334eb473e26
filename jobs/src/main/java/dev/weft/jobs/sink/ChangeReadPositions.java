package dev.weft.jobs.sink;

import dev.weft.jobs.source.RecordOrigin;
import org.apache.flink.table.data.RowData;

/**
 * The read positions of a CDC input: the log position each change carries in its origin column
 * (rows read by a snapshot carry -1). At the end of a snapshot-only read it notes
 * {@link #SNAPSHOT_COMPLETE}, so the table records that the snapshot was read whole: a later start
 * continues from the replication slot instead of taking a new snapshot.
 */
public final class ChangeReadPositions extends ReadPositionReporter<RowData> {
  private static final long serialVersionUID = 1L;
  /** The position a completed snapshot-only read records: above a snapshot row's -1, below any log position. */
  public static final long SNAPSHOT_COMPLETE = 0;

  private final int originField;
  private final String originName;

  /**
   * @param originField index of the {@link RecordOrigin} column in the input's rows
   * @param originName the input's name in its records' origins, {@code <connector>:<table>}
   */
  public ChangeReadPositions(int originField, String originName) {
    this.originField = originField;
    this.originName = originName;
  }

  @Override
  protected void atEndOfInput(SourcePositions.Tracker positions) {
    positions.saw(originName, 0, SNAPSHOT_COMPLETE);
  }

  @Override
  protected void track(RowData row, SourcePositions.Tracker positions) {
    if (!row.isNullAt(originField)) {
      RowData origin = row.getRow(originField, RecordOrigin.TYPE.getFieldCount());
      positions.saw(origin.getString(RecordOrigin.TOPIC), origin.getInt(RecordOrigin.PARTITION), origin.getLong(RecordOrigin.OFFSET));
    }
  }
}
