package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.BooleanType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.types.RowKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class UpsertMaterializerTest {
  /** id (key), status (published), origin offset and a rule column (not published). */
  private static final RowType ROW = RowType.of(
      new org.apache.flink.table.types.logical.LogicalType[] {new BigIntType(), VarCharType.STRING_TYPE, new BigIntType(), new BooleanType()},
      new String[] {"id", "status", "origin", "rule"});
  private KeyedOneInputStreamOperatorTestHarness<String, RowData, RowData> harness;

  @BeforeEach
  void open() throws Exception {
    ProductKey key = new ProductKey(ROW, List.of(0));
    harness = new KeyedOneInputStreamOperatorTestHarness<>(new UpsertMaterializer(ROW, 2, List.of(0)), key, Types.STRING);
    harness.open();
  }

  @AfterEach
  void close() throws Exception {
    harness.close();
  }

  @Test
  void aRetractionWithoutANewRowIsADeleteReleasedAtTheCheckpoint() throws Exception {
    send(RowKind.INSERT, 1, "open", 10);
    send(RowKind.UPDATE_BEFORE, 1, "open", 11);
    assertThat(out()).containsExactly("+I(1,open,10)");
    harness.prepareSnapshotPreBarrier(1);
    assertThat(out()).containsExactly("+I(1,open,10)", "-D(1,open,11)");
  }

  @Test
  void aRetractionFollowedByItsNewRowIsAnUpdateWithoutTombstone() throws Exception {
    send(RowKind.INSERT, 1, "open", 10);
    send(RowKind.UPDATE_BEFORE, 1, "open", 11);
    send(RowKind.UPDATE_AFTER, 1, "paid", 11);
    harness.prepareSnapshotPreBarrier(1);
    assertThat(out()).containsExactly("+I(1,open,10)", "+U(1,paid,11)");
  }

  @Test
  void aRetractionArrivingAfterTheRowThatReplacedItKeepsTheNewRow() throws Exception {
    send(RowKind.INSERT, 1, "open", 10);
    send(RowKind.UPDATE_AFTER, 1, "paid", 11);
    send(RowKind.UPDATE_BEFORE, 1, "open", 11);
    harness.prepareSnapshotPreBarrier(1);
    assertThat(out()).containsExactly("+I(1,open,10)", "+U(1,paid,11)");
  }

  @Test
  void withSeveralRowsPerKeyTheLatestRemainingOneIsPublished() throws Exception {
    send(RowKind.INSERT, 1, "a", 10);
    send(RowKind.INSERT, 1, "b", 11);
    send(RowKind.DELETE, 1, "b", 12);
    send(RowKind.DELETE, 1, "a", 13);
    harness.endInput();
    assertThat(out()).containsExactly("+I(1,a,10)", "+U(1,b,11)", "+U(1,a,10)", "-D(1,a,13)");
  }

  @Test
  void rowsWithANullKeyPassForTheRulesAndTheirRetractionsAreDropped() throws Exception {
    harness.processElement(new StreamRecord<>(GenericRowData.ofKind(RowKind.INSERT, null, StringData.fromString("x"), 1L, true)));
    harness.processElement(new StreamRecord<>(GenericRowData.ofKind(RowKind.UPDATE_BEFORE, null, StringData.fromString("x"), 2L, true)));
    harness.endInput();
    assertThat(out()).containsExactly("+I(null,x,1)");
  }

  @Test
  void aRetractionForAKeyWithoutRowsInStateIsADelete() throws Exception {
    // the row was published before this step kept state (an older run), or its state expired
    send(RowKind.DELETE, 1, "open", 10);
    send(RowKind.UPDATE_BEFORE, 2, "open", 11);
    send(RowKind.UPDATE_AFTER, 2, "paid", 11);
    harness.endInput();
    assertThat(out()).containsExactly("+U(2,paid,11)", "-D(1,open,10)");
  }

  @Test
  void aRetractionOfARowTheKeyDoesNotHoldIsIgnored() throws Exception {
    send(RowKind.INSERT, 1, "open", 10);
    send(RowKind.DELETE, 1, "paid", 11);
    harness.endInput();
    assertThat(out()).containsExactly("+I(1,open,10)");
  }

  @Test
  void itsUidChangesWithItsRowsSoThatAnEditedRowStartsItEmpty() {
    RowType withColumn = RowType.of(
        new org.apache.flink.table.types.logical.LogicalType[] {
            new BigIntType(), VarCharType.STRING_TYPE, VarCharType.STRING_TYPE, new BigIntType(), new BooleanType()},
        new String[] {"id", "status", "note", "origin", "rule"});
    String before = UpsertMaterializer.uid("orders.counts.v1", ROW);
    String after = UpsertMaterializer.uid("orders.counts.v1", withColumn);
    assertThat(before).startsWith("orders.counts.v1/upsert-changelog/").isEqualTo(UpsertMaterializer.uid("orders.counts.v1", ROW));
    assertThat(after).isNotEqualTo(before);
    assertThat(UpsertMaterializer.isUid(after)).isTrue();
    assertThat(UpsertMaterializer.isUid("orders.counts.v1/sql/GroupAggregate-0a1b2c")).isFalse();
  }

  private void send(RowKind kind, long id, String status, long origin) throws Exception {
    // the rule column differs between a row and its retraction: only published columns are matched
    harness.processElement(new StreamRecord<>(GenericRowData.ofKind(kind, id, StringData.fromString(status), origin, origin % 2 == 0)));
  }

  private List<String> out() {
    return harness.extractOutputValues().stream()
        .map(r -> r.getRowKind().shortString() + "(" + (r.isNullAt(0) ? "null" : r.getLong(0)) + "," + r.getString(1) + "," + r.getLong(2) + ")")
        .toList();
  }
}
