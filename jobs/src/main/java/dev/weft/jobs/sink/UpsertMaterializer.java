package dev.weft.jobs.sink;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.ListSerializer;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.binary.BinaryRowData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;

/**
 * Turns the retract changelog of an upsert product's SQL result into the upsert changelog both
 * sinks publish: per primary key, the latest row, an update when it changes, and a delete when the
 * key has no row left (a filter stops matching, a join partner goes, a group empties).
 *
 * <p>It keeps every row the result currently holds per key (keyed by {@link ProductKey}), as Flink's
 * SinkUpsertMaterializer does, so a retraction that arrives after the row that replaced it (the two
 * came through different subtasks of a join or an aggregate) and results with several rows per key
 * come out right. Retractions are matched on the published columns only: the record origin and the
 * rule columns of a retraction may differ from those of the row it retracts.
 *
 * <p>A delete is held back until just before the next checkpoint barrier ({@link HeldDeletes}), so
 * only the rows per key are state. A result that holds at most one row per key needs none of them:
 * {@link OneRowPerKeyChangelog} makes its upsert changelog without state.
 *
 * <p>A retraction for a key without rows in state (the state expired, the product ran without this step
 * before, or an edit changed the row and with it the step's {@link #uid}) is a delete too, held back
 * like any other: so the step may start empty at any checkpoint, and it does after an edit of the row. Rows whose key has a NULL pass unchanged (the not-null rule dead-letters them), and their
 * retractions are dropped: nothing was published under such a key.
 */
public class UpsertMaterializer extends AbstractStreamOperator<RowData>
    implements OneInputStreamOperator<RowData, RowData>, BoundedOneInput {
  private static final long serialVersionUID = 1L;

  private final RowType rowType;
  private final int publishedColumns;
  private final int[] keyFields;

  private transient RowDataSerializer rowSerializer;
  private transient RowDataSerializer publishedSerializer;
  private transient int[] publishedFields;
  private transient ValueState<List<RowData>> rows;
  private transient HeldDeletes heldDeletes;

  /** What the uids of this step start with, after the product's uid prefix. */
  public static final String UID_SEGMENT = "/upsert-changelog/";

  /**
   * The uid of the step for rows of {@code rowType}. Its state holds whole rows, which Flink cannot
   * restore into another row type, so the uid changes with the row: after an edit that changes the
   * row (a column added, a rule changed) the step starts empty, which is safe (see the class comment),
   * instead of failing the restore.
   */
  public static String uid(String uidPrefix, RowType rowType) {
    return uidPrefix + UID_SEGMENT + Integer.toHexString(rowType.asSerializableString().hashCode());
  }

  /** Whether {@code uid} is one of this step's: its state may be dropped on restore. */
  public static boolean isUid(String uid) {
    return uid != null && uid.contains(UID_SEGMENT);
  }

  /**
   * @param rowType the SQL result's row: the published columns first, then origin and rule columns
   * @param publishedColumns how many leading columns are published (retractions are matched on them)
   * @param keyFields positions of the primary key columns
   */
  public UpsertMaterializer(RowType rowType, int publishedColumns, List<Integer> keyFields) {
    this.rowType = rowType;
    this.publishedColumns = publishedColumns;
    this.keyFields = keyFields.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void open() throws Exception {
    super.open();
    rowSerializer = new RowDataSerializer(rowType);
    publishedFields = new int[publishedColumns];
    for (int i = 0; i < publishedColumns; i++) {
      publishedFields[i] = i;
    }
    publishedSerializer = new RowDataSerializer(rowType.getChildren().subList(0, publishedColumns).toArray(LogicalType[]::new));
    rows = getRuntimeContext().getState(new ValueStateDescriptor<>("rows-per-key", new ListSerializer<>(rowSerializer)));
    heldDeletes = new HeldDeletes(rowSerializer);
  }

  @Override
  public void processElement(StreamRecord<RowData> element) throws Exception {
    RowData row = element.getValue();
    boolean adds = row.getRowKind() == RowKind.INSERT || row.getRowKind() == RowKind.UPDATE_AFTER;
    if (HeldDeletes.hasNullKey(row, keyFields)) {
      if (adds) {
        output.collect(element);
      }
      return;
    }
    Object key = getCurrentKey();
    List<RowData> current = rows.value();
    if (adds) {
      boolean published = heldDeletes.cancel(key) || (current != null && !current.isEmpty());
      if (current == null) {
        current = new ArrayList<>(1);
      }
      current.add(rowSerializer.copy(row));
      rows.update(current);
      row.setRowKind(published ? RowKind.UPDATE_AFTER : RowKind.INSERT);
      output.collect(element);
      return;
    }
    if (current == null) {
      // a retraction always comes after its row, so the rows of this key were lost (state from before this step
      // existed, or expired): the key may still be published, and a delete of an absent key changes nothing
      heldDeletes.hold(key, row);
      return;
    }
    int at = lastMatch(current, row);
    if (at < 0) {
      return;
    }
    boolean wasLatest = at == current.size() - 1;
    current.remove(at);
    if (current.isEmpty()) {
      rows.clear();
      heldDeletes.hold(key, row);
      return;
    }
    rows.update(current);
    if (wasLatest) {
      RowData latest = rowSerializer.copy(current.get(current.size() - 1));
      latest.setRowKind(RowKind.UPDATE_AFTER);
      output.collect(new StreamRecord<>(latest));
    }
  }

  /** The newest row of {@code current} whose published columns equal those of {@code retraction}, or -1. */
  private int lastMatch(List<RowData> current, RowData retraction) {
    BinaryRowData wanted = published(retraction).copy();
    for (int i = current.size() - 1; i >= 0; i--) {
      if (published(current.get(i)).equals(wanted)) {
        return i;
      }
    }
    return -1;
  }

  /** The published columns in binary form, where equal values are equal bytes whatever their representation. */
  private BinaryRowData published(RowData row) {
    BinaryRowData binary = publishedSerializer.toBinaryRow(ProjectedRowData.from(publishedFields).replaceRow(row));
    binary.setRowKind(RowKind.INSERT);
    return binary;
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
