package dev.weft.jobs.sink;

import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

/**
 * The upsert changelog of an upsert product whose SQL result holds at most one row per primary key,
 * made without state: a row is the key's new value, and a retraction is a delete of the key, held
 * back until the next checkpoint barrier and dropped if the key gets a row again ({@link HeldDeletes}).
 *
 * <p>For such a result (a CDC table projected and filtered, keeping its key; the translator asks
 * the planner, see {@code ResultRowsPerKey}) this publishes what {@link UpsertMaterializer} publishes
 * with every row of the table in state: the changes of a key arrive in the order the table had
 * them, and a retraction is always of the row published last for its key, which is the one the
 * materializer would find. The sinks write a row the same way whether it is an insert or an update
 * (the topic by its key, the table as an upsert), so not knowing which a row is loses nothing.
 *
 * <p>It needs no keyed state, so it runs chained to the SQL, before the records are sent to the
 * subtask of their key: an update's retraction, cancelled by its new row, never crosses the network.
 * An update's retraction and its new row leave the same subtask of the SQL one after the other (the
 * SQL runs at the source's parallelism, chained), and the deletes a subtask holds are released
 * before its barrier. (A key's snapshot row and its later changes may come from two subtasks of a
 * parallel snapshot; the keyed step with state sees them through two channels just the same.)
 *
 * <p>Rows whose key has a NULL pass unchanged (the not-null rule dead-letters them), and their
 * retractions are dropped: nothing was published under such a key.
 */
public class OneRowPerKeyChangelog extends AbstractStreamOperator<RowData>
    implements OneInputStreamOperator<RowData, RowData>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final RowType rowType;
  private final int[] keyFields;
  private final ProductKey key;

  private transient HeldDeletes heldDeletes;

  /**
   * @param rowType the SQL result's row
   * @param keyFields positions of the primary key columns
   */
  public OneRowPerKeyChangelog(RowType rowType, List<Integer> keyFields) {
    this.rowType = rowType;
    this.keyFields = keyFields.stream().mapToInt(Integer::intValue).toArray();
    this.key = new ProductKey(rowType, keyFields);
  }

  @Override
  public void open() throws Exception {
    super.open();
    heldDeletes = new HeldDeletes(new RowDataSerializer(rowType));
  }

  @Override
  public void processElement(StreamRecord<RowData> element) {
    RowData row = element.getValue();
    boolean adds = row.getRowKind() == RowKind.INSERT || row.getRowKind() == RowKind.UPDATE_AFTER;
    if (HeldDeletes.hasNullKey(row, keyFields)) {
      if (adds) {
        output.collect(element);
      }
      return;
    }
    if (!adds) {
      heldDeletes.hold(key.getKey(row), row);
      return;
    }
    row.setRowKind(!heldDeletes.isEmpty() && heldDeletes.cancel(key.getKey(row)) ? RowKind.UPDATE_AFTER : RowKind.INSERT);
    output.collect(element);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    heldDeletes.release(output);
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() {
    heldDeletes.release(output);
  }
}
