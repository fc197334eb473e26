package dev.weft.jobs.source.cdc;

import dev.weft.jobs.source.JsonInputParser;
import java.time.ZoneOffset;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.DebeziumDeserializationSchema;
import org.apache.flink.cdc.debezium.table.DebeziumChangelogMode;
import org.apache.flink.cdc.debezium.table.MetadataConverter;
import org.apache.flink.cdc.debezium.table.RowDataDebeziumDeserializeSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;

/**
 * Debezium change events to the rows an input carries: the declared columns and the origin, as a
 * full changelog: INSERT, UPDATE_BEFORE with the old row and UPDATE_AFTER with the new one, DELETE
 * with the deleted row (the sources need full before images: REPLICA IDENTITY FULL in PostgreSQL,
 * binlog_row_image = FULL in MySQL).
 * Every change is first checked against the declared columns ({@link SourceColumns}).
 */
public final class ChangeRowDeserializer implements DebeziumDeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;
  private final SourceColumns sourceColumns;
  private final RowDataDebeziumDeserializeSchema rows;
  private final RowType outputType;

  public ChangeRowDeserializer(SourceColumns sourceColumns, RowType columns, String originName) {
    this.sourceColumns = sourceColumns;
    this.outputType = JsonInputParser.outputType(columns);
    this.rows = RowDataDebeziumDeserializeSchema.newBuilder()
        .setPhysicalRowType(columns)
        .setMetadataConverters(new MetadataConverter[] {new ChangeOrigin(originName)})
        .setResultTypeInfo(InternalTypeInfo.of(outputType))
        .setServerTimeZone(ZoneOffset.UTC)
        .setUserDefinedConverterFactory(ZonedTimestampConverter.FACTORY)
        .setChangelogMode(DebeziumChangelogMode.ALL)
        .build();
  }

  @Override
  public void deserialize(SourceRecord record, Collector<RowData> out) throws Exception {
    if (record.value() instanceof Struct change) {
      Field after = change.schema().field("after");
      if (after != null) {
        sourceColumns.check(after.schema());
      }
    }
    rows.deserialize(record, out);
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return InternalTypeInfo.of(outputType);
  }
}
