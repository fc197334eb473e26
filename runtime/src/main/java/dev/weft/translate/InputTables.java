package dev.weft.translate;

import dev.weft.plan.InputPlan;
import dev.weft.plan.InputSchemas;
import java.util.Optional;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.RowData;
import org.apache.flink.types.Row;

/**
 * Turns an input's parsed rows into the relation the transform reads: an append-only table; for
 * the topic of an upsert product a changelog table keyed like the product (latest row per key);
 * for a CDC input the table's changelog with before and after images. The compiler plans against
 * the same schema and changelog kind ({@link InputSchemas}), so what validates is what runs.
 */
public final class InputTables {
  private InputTables() {}

  /** @param batch for a batch job: every input is read whole, as rows to insert */
  public static Table of(StreamTableEnvironment tableEnv, InputPlan input, DataStream<RowData> rows, boolean batch) {
    Optional<ChangelogMode> changelog = InputSchemas.changelogMode(input, batch);
    if (changelog.isEmpty()) {
      return tableEnv.fromDataStream(rows, InputSchemas.schemaOf(input));
    }
    // the internal rows go in as they are, as fromDataStream takes them above: the planner's input
    // conversion reads each row's kind from RowData as from Row. Through Row each was converted
    // there and back, and copied as an external row between the chained operators
    @SuppressWarnings({"unchecked", "rawtypes"})
    DataStream<Row> changes = (DataStream) rows;
    return tableEnv.fromChangelogStream(changes, InputSchemas.schemaOf(input), changelog.get());
  }
}
