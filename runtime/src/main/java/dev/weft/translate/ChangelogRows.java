package dev.weft.translate;

import java.lang.reflect.Method;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableException;
import org.apache.flink.table.api.bridge.internal.AbstractStreamTableEnvironmentImpl;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.api.internal.TableEnvironmentImpl;
import org.apache.flink.table.catalog.SchemaTranslator;
import org.apache.flink.table.connector.ChangelogMode;
import org.apache.flink.table.data.RowData;

/**
 * A SQL result with updates as a stream of Flink's internal rows, every change kind included.
 *
 * <p>The public API gives an updating result only as {@link org.apache.flink.types.Row}s
 * ({@code toChangelogStream}), which the job turned back into internal rows at once: each string
 * became a Java string and then bytes again, for every record. {@code toDataStream(table, type)}
 * takes a type bridged to {@link RowData} but only for insert-only results. Both end in the bridge's
 * one conversion method, which takes the changelog kind and the type apart; it is protected, so it
 * is called here by reflection. A Flink upgrade that changes it fails every upsert product's job
 * build (and {@code ChangelogRowsTest}) with the message below.
 */
final class ChangelogRows {
  private ChangelogRows() {}

  @SuppressWarnings("unchecked")
  static DataStream<RowData> of(StreamTableEnvironment tableEnv, Table result) {
    var rowType = result.getResolvedSchema().toPhysicalRowDataType().bridgedTo(RowData.class);
    try {
      SchemaTranslator.ProducingResult producing = SchemaTranslator.createProducingResult(
          ((TableEnvironmentImpl) tableEnv).getCatalogManager().getDataTypeFactory(), result.getResolvedSchema(), rowType);
      Method toStream = AbstractStreamTableEnvironmentImpl.class.getDeclaredMethod(
          "toStreamInternal", Table.class, SchemaTranslator.ProducingResult.class, ChangelogMode.class);
      toStream.setAccessible(true);
      return (DataStream<RowData>) toStream.invoke(tableEnv, result, producing, ChangelogMode.all());
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new TableException("this Flink version's table bridge has no toStreamInternal(Table, ProducingResult, ChangelogMode) "
          + "for Weft to read an updating result as internal rows; see ChangelogRows", e);
    }
  }
}
