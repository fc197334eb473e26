package dev.weft.jobs.source.cdc;

import dev.weft.jobs.source.RecordOrigin;
import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.json.JsonConverter;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.table.MetadataConverter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;

/**
 * The origin of a captured change, in the shape every input carries ({@link RecordOrigin}): the
 * table as {@code postgres:schema.table}, partition 0, the change's log position (PostgreSQL LSN;
 * -1 for rows read by the snapshot) and the row as JSON, so a rejected change can be traced.
 */
final class ChangeOrigin implements MetadataConverter {
  private static final long serialVersionUID = 1L;
  private final String originName;
  private transient JsonConverter json;

  ChangeOrigin(String originName) {
    this.originName = originName;
  }

  @Override
  public Object read(SourceRecord record) {
    Struct change = (Struct) record.value();
    Struct row = change.getStruct("after") != null ? change.getStruct("after") : change.getStruct("before");
    Object lsn = record.sourceOffset() == null ? null : record.sourceOffset().get("lsn");
    boolean snapshot = record.sourceOffset() != null && Boolean.TRUE.equals(record.sourceOffset().get("snapshot"));
    long offset = lsn instanceof Number n && !snapshot ? n.longValue() : -1L;
    byte[] raw = row == null ? null : json().fromConnectData(originName, row.schema(), row);
    return GenericRowData.of(StringData.fromString(originName), 0, offset, raw == null ? null : StringData.fromBytes(raw));
  }

  private JsonConverter json() {
    if (json == null) {
      json = new JsonConverter();
      json.configure(Map.of("schemas.enable", false, "decimal.format", "NUMERIC"), false);
    }
    return json;
  }
}
