package dev.weft.translate;

import dev.weft.plan.InputPlan;
import dev.weft.plan.InputSchemas;
import dev.weft.jobs.rows.InternalRowConverter;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.ExternalTypeInfo;
import org.apache.flink.types.Row;

/**
 * Turns an input's parsed rows into the relation the transform reads: an append-only table; for
 * the topic of an upsert product a changelog table keyed like the product (latest row per key);
 * for a CDC input the table's changelog with before and after images. The compiler plans against
 * exactly these, so what validates is what runs.
 */
public final class InputTables {
  private InputTables() {}

  /** @param batch for a batch job: every input is read whole, as rows to insert */
  public static Table of(StreamTableEnvironment tableEnv, InputPlan input, DataStream<RowData> rows, boolean batch) {
    if (batch || !input.changelog()) {
      return tableEnv.fromDataStream(rows, InputSchemas.schemaOf(input));
    }
    var type = InputSchemas.rowDataType(input);
    DataStream<Row> changes = rows.map(new InternalRowConverter(type)).returns(ExternalTypeInfo.of(type)).name("changelog " + input.name());
    // a CDC input carries full before images (REPLICA IDENTITY FULL / binlog_row_image FULL): every change kind as
    // it happened, so no normalizing state is kept and a delete applies even to a key this run has not seen.
    // A product topic has only the new row per key and tombstones: an upsert changelog, normalized by key.
    ChangelogMode mode = input.cdc().isPresent() ? ChangelogMode.all() : ChangelogMode.upsert();
    return tableEnv.fromChangelogStream(changes, InputSchemas.schemaOf(input), mode);
  }

  /** An input that holds no data, for planning: same schema, same changelog kind. */
  public static Table empty(StreamTableEnvironment tableEnv, InputPlan input, org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env,
      boolean batch) {
    var type = InputSchemas.rowDataType(input);
    DataStream<RowData> none = env.fromCollection(List.<RowData>of(),
        org.apache.flink.table.runtime.typeutils.InternalTypeInfo.of((org.apache.flink.table.types.logical.RowType) type.getLogicalType()));
    return of(tableEnv, input, none, batch);
  }
}
