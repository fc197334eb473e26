package dev.weft.compile;

import java.util.List;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.EnvironmentSettings;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;

/**
 * A table environment where a product's inputs exist with their real schemas (backed by the
 * datagen connector, which is never run), so the transform and the rules can be planned without
 * Kafka or a cluster.
 */
final class SqlValidationEnvironment {
  private SqlValidationEnvironment() {}

  static StreamTableEnvironment create(List<InputPlan> inputs) {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    StreamTableEnvironment tableEnv = StreamTableEnvironment.create(env, EnvironmentSettings.inStreamingMode());
    tableEnv.getConfig().setLocalTimeZone(FlinkJobBuilder.SQL_TIME_ZONE);
    for (InputPlan input : inputs) {
      tableEnv.createTemporaryTable(
          "`" + input.name() + "`",
          TableDescriptor.forConnector("datagen").schema(InputSchemas.schemaOf(input)).build());
    }
    return tableEnv;
  }
}
