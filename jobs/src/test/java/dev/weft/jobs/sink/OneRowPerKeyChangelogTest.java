package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.Test;

/**
 * The stateless step against the one that keeps every row ({@link UpsertMaterializer}) and against
 * a model of the table, over generated changelogs of a CDC table that a query projects and filters.
 */
class OneRowPerKeyChangelogTest {
  /** id (key), status and amount (published), origin offset and a rule column (not published). */
  private static final RowType ROW = RowType.of(
      new LogicalType[] {new BigIntType(), VarCharType.STRING_TYPE, new BigIntType(), new BigIntType(), new BooleanType()},
      new String[] {"id", "status", "amount", "origin", "rule"});
  private static final List<String> STATUSES = List.of("open", "paid", "shipped", "void");

  @Test
  void publishesWhatTheStepWithEveryRowInStatePublishes() throws Exception {
    long seed = Long.getLong("weft.test.seed", System.nanoTime());
    System.out.println("OneRowPerKeyChangelogTest seed=" + seed + " (re-run with -Dweft.test.seed=" + seed + ")");
    Random random = new Random(seed);
    for (int round = 0; round < 40; round++) {
      List<Step> changelog = changelog(random, 5 + random.nextInt(40), 50 + random.nextInt(400));
      List<String> stateless = run(new OneRowPerKeyChangelog(ROW, List.of(0)), changelog);
      List<String> materialized = run(new UpsertMaterializer(ROW, 3, List.of(0)), changelog);
      assertThat(stateless).as("seed=%d round=%d", seed, round).isEqualTo(materialized);
      assertThat(applied(stateless)).as("seed=%d round=%d: the published table", seed, round).isEqualTo(model(changelog));
    }
  }

  @Test
  void aRetractionIsADeleteReleasedAtTheCheckpointUnlessTheKeyGetsARowAgain() throws Exception {
    List<String> out = run(new OneRowPerKeyChangelog(ROW, List.of(0)), List.of(
        row(RowKind.INSERT, 1L, "open", 5, 10), row(RowKind.INSERT, 2L, "open", 5, 11),
        row(RowKind.UPDATE_BEFORE, 1L, "open", 5, 12), row(RowKind.UPDATE_AFTER, 1L, "paid", 5, 12),
        row(RowKind.UPDATE_BEFORE, 2L, "open", 5, 13), Step.CHECKPOINT,
        row(RowKind.INSERT, null, "open", 5, 14), row(RowKind.DELETE, null, "open", 5, 15)));
    assertThat(out).containsExactly("+I(1,open,5,10)", "+I(2,open,5,11)", "+U(1,paid,5,12)", "-D(2,open,5,13)", "+I(null,open,5,14)");
  }

  /** A change of the SQL result, or a checkpoint barrier. */
  private record Step(RowData row) {
    static final Step CHECKPOINT = new Step(null);
  }

  private static Step row(RowKind kind, Long id, String status, long amount, long origin) {
    return new Step(GenericRowData.ofKind(kind, id, StringData.fromString(status), amount, origin, origin % 3 == 0));
  }

  /**
   * Inserts, updates and deletes of a table keyed by id, as the SQL result of
   * {@code SELECT … WHERE amount >= 0} has them: a change whose row fails the filter leaves out that
   * side (an update into the filter is an insert, one out of it a retraction alone).
   */
  private static List<Step> changelog(Random random, int keys, int changes) {
    Map<Long, long[]> table = new TreeMap<>();
    List<Step> steps = new ArrayList<>();
    long origin = 0;
    for (int i = 0; i < changes; i++) {
      origin++;
      if (random.nextInt(12) == 0) {
        steps.add(Step.CHECKPOINT);
      }
      long id = random.nextInt(keys);
      long[] before = table.get(id);
      long[] after = random.nextInt(5) == 0 ? null : new long[] {random.nextInt(STATUSES.size()), random.nextInt(20) - 5};
      if (before == null && after == null) {
        continue;
      }
      if (before != null && visible(before)) {
        steps.add(row(after == null ? RowKind.DELETE : RowKind.UPDATE_BEFORE, id, STATUSES.get((int) before[0]), before[1], origin));
      }
      if (after != null && visible(after)) {
        steps.add(row(before == null ? RowKind.INSERT : RowKind.UPDATE_AFTER, id, STATUSES.get((int) after[0]), after[1], origin));
      }
      if (after == null) {
        table.remove(id);
      } else {
        table.put(id, after);
      }
    }
    steps.add(Step.CHECKPOINT);
    return steps;
  }

  private static boolean visible(long[] row) {
    return row[1] >= 0;
  }

  /** The table the SQL result holds at the end, as "id=status,amount". */
  private static Map<Long, String> model(List<Step> changelog) {
    Map<Long, String> rows = new TreeMap<>();
    for (Step step : changelog) {
      if (step.row() == null) {
        continue;
      }
      RowData row = step.row();
      boolean adds = row.getRowKind() == RowKind.INSERT || row.getRowKind() == RowKind.UPDATE_AFTER;
      if (adds) {
        rows.put(row.getLong(0), row.getString(1) + "," + row.getLong(2));
      } else if (rows.get(row.getLong(0)) != null && rows.get(row.getLong(0)).equals(row.getString(1) + "," + row.getLong(2))) {
        rows.remove(row.getLong(0));
      }
    }
    return rows;
  }

  /** The upsert changelog applied to a keyed table, as the topic's compaction and the table's upserts do. */
  private static Map<Long, String> applied(List<String> upserts) {
    Map<Long, String> rows = new TreeMap<>();
    for (String change : upserts) {
      String[] fields = change.substring(3, change.length() - 1).split(",");
      long id = Long.parseLong(fields[0]);
      if (change.startsWith("-D")) {
        rows.remove(id);
      } else {
        rows.put(id, fields[1] + "," + fields[2]);
      }
    }
    return rows;
  }

  private static List<String> run(OneInputStreamOperator<RowData, RowData> step, List<Step> changelog) throws Exception {
    // the step with state runs keyed; the one without runs before the records are keyed
    OneInputStreamOperatorTestHarness<RowData, RowData> harness = step instanceof UpsertMaterializer
        ? new KeyedOneInputStreamOperatorTestHarness<>(step, new ProductKey(ROW, List.of(0)), Types.STRING)
        : new OneInputStreamOperatorTestHarness<>(step);
    harness.open();
    long checkpoint = 0;
    for (Step change : changelog) {
      if (change.row() == null) {
        harness.prepareSnapshotPreBarrier(++checkpoint);
      } else {
        // a copy: both steps set the kind of what they publish on the row they were given
        RowData row = change.row();
        harness.processElement(new StreamRecord<>(GenericRowData.ofKind(row.getRowKind(), row.isNullAt(0) ? null : row.getLong(0),
            row.getString(1), row.getLong(2), row.getLong(3), row.getBoolean(4))));
      }
    }
    harness.endInput();
    List<String> out = harness.extractOutputValues().stream()
        .map(r -> r.getRowKind().shortString() + "(" + (r.isNullAt(0) ? "null" : r.getLong(0)) + "," + r.getString(1) + ","
            + r.getLong(2) + "," + r.getLong(3) + ")")
        .toList();
    harness.close();
    return out;
  }
}
