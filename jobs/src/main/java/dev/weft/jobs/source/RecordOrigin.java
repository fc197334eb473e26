package dev.weft.jobs.source;

import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;

/**
 * Where a record came from: topic, partition, offset and the raw input. It rides along as one
 * extra column behind the product's columns so that a record broken by a rule can be traced to,
 * and re-driven from, its input, and so that each Iceberg commit can name the offsets it covers.
 */
public final class RecordOrigin {
  /** The column name; the compiler appends it to the transform's select list. */
  public static final String COLUMN = "_weft_origin";

  public static final int TOPIC = 0;
  public static final int PARTITION = 1;
  public static final int OFFSET = 2;
  public static final int RAW = 3;

  /** {@code ROW<topic STRING, partition INT, offset BIGINT, raw STRING>} */
  public static final RowType TYPE = RowType.of(
      new org.apache.flink.table.types.logical.LogicalType[] {
        VarCharType.STRING_TYPE, new IntType(), new BigIntType(), VarCharType.STRING_TYPE
      },
      new String[] {"topic", "partition", "offset", "raw"});

  /** The SQL type of the column, for schemas declared in SQL. */
  public static final String SQL_TYPE = "ROW<`topic` STRING, `partition` INT, `offset` BIGINT, `raw` STRING>";

  private RecordOrigin() {}

  public static RowData of(SourceRecord record) {
    return GenericRowData.of(
        StringData.fromString(record.topic),
        record.partition,
        record.offset,
        record.value == null ? null : StringData.fromBytes(record.value));
  }

  /** {@code topic/partition@offset}, or "unknown" when the record has no traceable origin. */
  public static String describe(RowData origin) {
    if (origin == null) {
      return "unknown";
    }
    return origin.getString(TOPIC) + "/" + origin.getInt(PARTITION) + "@" + origin.getLong(OFFSET);
  }
}
