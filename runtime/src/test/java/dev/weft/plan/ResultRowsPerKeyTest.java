package dev.weft.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.DataTypes;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.types.DataType;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Over two CDC-like changelogs keyed by {@code id}, as InputTables registers a CDC input. */
class ResultRowsPerKeyTest {
  private static StreamTableEnvironment tableEnv;

  @BeforeAll
  static void inputs() {
    var env = StreamExecutionEnvironment.getExecutionEnvironment();
    tableEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    DataType row = DataTypes.ROW(DataTypes.FIELD("id", DataTypes.BIGINT().notNull()), DataTypes.FIELD("name", DataTypes.STRING()),
        DataTypes.FIELD("amount", DataTypes.INT()));
    Schema schema = Schema.newBuilder().fromRowDataType(row).primaryKey("id").build();
    for (String name : List.of("t", "u")) {
      tableEnv.createTemporaryView(name,
          tableEnv.fromChangelogStream(env.fromCollection(List.<Row>of(), ExternalTypeInfo.<Row>of(row)), schema, ChangelogMode.all()));
    }
    tableEnv.createTemporaryView("positive", tableEnv.sqlQuery("SELECT id, LOWER(name) AS name, amount FROM t WHERE amount > 0"));
  }

  private static boolean atMostOne(String sql, Integer... primaryKey) {
    return ResultRowsPerKey.atMostOne(tableEnv.sqlQuery(sql), List.of(primaryKey));
  }

  @Test
  void projectionsAndFiltersThatKeepTheKeyHoldOneRowPerKey() {
    assertThat(atMostOne("SELECT id, LOWER(name) AS name, amount FROM t", 0)).isTrue();
    assertThat(atMostOne("SELECT name, id FROM t WHERE amount > 3", 1)).isTrue();
    // a rule column and a view over a view, as the job's SQL has them
    assertThat(atMostOne("SELECT * FROM (SELECT id, name, amount, amount >= 0 AS ok FROM positive) WHERE id > 0", 0)).isTrue();
    // a wider primary key still has one row per key
    assertThat(atMostOne("SELECT id, name FROM t", 0, 1)).isTrue();
    // DISTINCT over the input's key changes nothing: the planner leaves it out
    assertThat(atMostOne("SELECT DISTINCT id, name FROM t", 0)).isTrue();
  }

  @Test
  void aKeyTheResultDoesNotKeepIsRefused() {
    assertThat(atMostOne("SELECT amount AS id, name FROM t", 0)).isFalse();
    assertThat(atMostOne("SELECT id + 1 AS id, name FROM t", 0)).isFalse();
    assertThat(atMostOne("SELECT id, name FROM t", 1)).isFalse();
  }

  @Test
  void whatKeepsStateOrMovesRowsBetweenSubtasksIsRefused() {
    assertThat(atMostOne("SELECT name, SUM(amount) AS total FROM t GROUP BY name", 0)).isFalse();
    assertThat(atMostOne("SELECT DISTINCT name, amount FROM t", 0, 1)).isFalse();
    assertThat(atMostOne("SELECT t.id, u.name FROM t JOIN u ON t.id = u.id", 0)).isFalse();
    assertThat(atMostOne("SELECT id, name FROM t UNION ALL SELECT id, name FROM u", 0)).isFalse();
    assertThat(atMostOne("SELECT id, ROW_NUMBER() OVER (PARTITION BY id ORDER BY PROCTIME()) AS n FROM t", 0)).isFalse();
    assertThat(atMostOne("SELECT id, name FROM t WHERE id IN (SELECT id FROM u)", 0)).isFalse();
    assertThat(atMostOne("SELECT id, (SELECT MAX(amount) FROM u) AS most FROM t", 0)).isFalse();
  }
}
