package dev.weft.jobs.source.cdc;

import dev.weft.jobs.source.RecordOrigin;
import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.source.SourceRecord;
import org.apache.flink.cdc.debezium.table.MetadataConverter;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;

/**
 * The origin of a captured change, in the shape every input carries ({@link RecordOrigin}): the
 * table as {@code <connector>:<table>}, then its log position (PostgreSQL: partition 0 and the
 * LSN; MySQL: the binlog file's number and the position in it; -1 for rows read by the
 * snapshot), and the row as JSON ({@link RowJson}), so a rejected change can be traced.
 */
final class ChangeOrigin implements MetadataConverter {
  private static final long serialVersionUID = 1L;
  private final String originName;
  private transient RowJson json;

  ChangeOrigin(String originName) {
    this.originName = originName;
  }

  @Override
  public Object read(SourceRecord record) {
    Struct change = (Struct) record.value();
    Struct row = change.getStruct("after") != null ? change.getStruct("after") : change.getStruct("before");
    Map<String, ?> position = record.sourceOffset() == null ? Map.of() : record.sourceOffset();
    int partition = 0;
    long offset = -1L;
    if (position.get("lsn") instanceof Number lsn && lsn.longValue() > 0) {
      offset = lsn.longValue();
    } else if (position.get("file") instanceof String file && position.get("pos") instanceof Number pos && !file.isEmpty()) {
      partition = binlogNumber(file);
      offset = pos.longValue();
    }
    byte[] raw = row == null ? null : json().write(row);
    return GenericRowData.of(StringData.fromString(originName), partition, offset, raw == null ? null : StringData.fromBytes(raw));
  }

  /** {@code mysql-bin.000042} → 42: binlog files are numbered in the order they are written. */
  static int binlogNumber(String file) {
    int dot = file.lastIndexOf('.');
    try {
      return Integer.parseInt(file.substring(dot + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private RowJson json() {
    if (json == null) {
      json = new RowJson();
    }
    return json;
  }
}
