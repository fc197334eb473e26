package dev.weft.translate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;

class ChangelogRowsTest {
  @Test
  void anUpdatingResultComesOutAsInternalRowsWithEveryChangeKind() throws Exception {
    var env = StreamExecutionEnvironment.getExecutionEnvironment();
    env.setParallelism(1);
    var tableEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    DataType row = DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull()), DataTypes.FIELD("name", DataTypes.STRING()));
    List<Row> changes = List.of(Row.ofKind(RowKind.INSERT, 1L, "Ada"), Row.ofKind(RowKind.INSERT, 2L, "Bo"),
        Row.ofKind(RowKind.UPDATE_BEFORE, 1L, "Ada"), Row.ofKind(RowKind.UPDATE_AFTER, 1L, "Ana"), Row.ofKind(RowKind.DELETE, 2L, "Bo"));
    tableEnv.createTemporaryView("people", tableEnv.fromChangelogStream(env.fromData(changes, ExternalTypeInfo.<Row>of(row)),
        Schema.newBuilder().fromRowDataType(row).primaryKey("id").build(), ChangelogMode.all()));
    Table result = tableEnv.sqlQuery("SELECT id, UPPER(name) AS name FROM people WHERE name <> 'Ana'");

    var rows = ChangelogRows.of(tableEnv, result);

    assertThat(rows.getType().getTypeClass()).isEqualTo(RowData.class);
    List<String> out = new ArrayList<>();
    try (CloseableIterator<RowData> it = rows.executeAndCollect()) {
      it.forEachRemaining(r -> out.add(r.getRowKind().shortString() + "(" + r.getLong(0) + "," + r.getString(1) + ")"));
    }
    assertThat(out).containsExactly("+I(1,ADA)", "+I(2,BO)", "-U(1,ADA)", "-D(2,BO)");
  }
}
