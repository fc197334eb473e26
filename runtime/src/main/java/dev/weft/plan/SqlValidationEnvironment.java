package dev.weft.plan;

import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.Row;

/**
 * A table environment where a product's inputs exist with their real schemas and changelog kinds
 * (as empty streams, never run), so the transform and the rules can be planned without Kafka or a
 * cluster.
 *
 * <p>The one class of {@code plan} that touches stream types: Flink's streaming SQL planner plans
 * only over registered relations, the Table API makes a relation with a given changelog kind only
 * from a stream ({@code fromChangelogStream}), and it tells an updating result from an insert-only
 * one only when the result becomes a stream. The environment is thrown away after planning; no job
 * is built from it. The job registers its inputs with the same schema and changelog kind
 * ({@link InputSchemas}), so what validates is what runs.
 */
final class SqlValidationEnvironment {
  private SqlValidationEnvironment() {}

  /** @param batch plan as a batch job does: inputs are bounded and insert-only, results final */
  static StreamTableEnvironment create(List<InputPlan> inputs, boolean batch) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    if (batch) {
      env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    }
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env,
        batch ? EnvironmentSettings.inBatchMode() : EnvironmentSettings.inStreamingMode());
    tableEnv.getConfig().setLocalTimeZone(ProductPlan.SQL_TIME_ZONE);
    for (InputPlan input : inputs) {
      tableEnv.createTemporaryView("`" + input.name() + "`", empty(tableEnv, input, env, batch));
    }
    return tableEnv;
  }

  /** A streaming environment with nothing registered, for planning over catalog tables. */
  static StreamTableEnvironment streaming() {
    return StreamTableEnvironment.create(StreamExecutionEnvironment.getExecutionEnvironment(), EnvironmentSettings.inStreamingMode());
  }

  /** An input that holds no data: the schema and changelog kind the job registers it with. */
  private static Table empty(StreamTableEnvironment tableEnv, InputPlan input, StreamExecutionEnvironment env, boolean batch) {
    var type = InputSchemas.rowDataType(input);
    Schema schema = InputSchemas.schemaOf(input);
    Optional<ChangelogMode> changelog = InputSchemas.changelogMode(input, batch);
    return changelog.isEmpty()
        ? tableEnv.fromDataStream(env.fromCollection(List.<RowData>of(), InternalTypeInfo.of((RowType) type.getLogicalType())), schema)
        : tableEnv.fromChangelogStream(env.fromCollection(List.<Row>of(), ExternalTypeInfo.<Row>of(type)), schema, changelog.get());
  }
}
