package dev.weft.plan;

import dev.weft.translate.FlinkJobBuilder;
import dev.weft.translate.InputTables;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * A table environment where a product's inputs exist with their real schemas and changelog kinds
 * (as empty streams, never run), so the transform and the rules can be planned without Kafka or a
 * cluster.
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
    tableEnv.getConfig().setLocalTimeZone(FlinkJobBuilder.SQL_TIME_ZONE);
    for (InputPlan input : inputs) {
      tableEnv.createTemporaryView("`" + input.name() + "`", InputTables.empty(tableEnv, input, env, batch));
    }
    return tableEnv;
  }
}
