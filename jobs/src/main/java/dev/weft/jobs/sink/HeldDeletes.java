package dev.weft.jobs.sink;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.types.RowKind;

/**
 * The deletes of an upsert changelog step, held back until just before the next checkpoint barrier
 * (or the end of the input) and dropped if their key gets a row again meanwhile. Both sinks publish
 * only at checkpoints, so holding costs no latency, and it spares consumers a tombstone between an
 * update's retraction and its new row. Nothing is held across a checkpoint, so nothing here is state.
 */
final class HeldDeletes {
  private final RowDataSerializer rows;
  private final Map<Object, RowData> held = new HashMap<>();

  /** @param rows copies the retractions, which the upstream operators reuse */
  HeldDeletes(RowDataSerializer rows) {
    this.rows = rows;
  }

  /** Holds the delete of {@code key}, made from its retraction. */
  void hold(Object key, RowData retraction) {
    RowData delete = rows.copy(retraction);
    delete.setRowKind(RowKind.DELETE);
    held.put(key, delete);
  }

  /** Drops the delete held for {@code key}, which has a row again; whether there was one. */
  boolean cancel(Object key) {
    return held.remove(key) != null;
  }

  boolean isEmpty() {
    return held.isEmpty();
  }

  /** Sends every held delete on. */
  void release(Output<StreamRecord<RowData>> output) {
    for (RowData delete : held.values()) {
      output.collect(new StreamRecord<>(delete));
    }
    held.clear();
  }

  /** Whether one of {@code keyFields} of {@code row} is NULL: nothing is published under such a key. */
  static boolean hasNullKey(RowData row, int[] keyFields) {
    for (int field : keyFields) {
      if (row.isNullAt(field)) {
        return true;
      }
    }
    return false;
  }
}
