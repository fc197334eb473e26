package dev.weft.jobs.sink;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.weft.jobs.source.RecordOrigin;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.types.RowKind;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Writes a product row to its topic (as JSON, or as Avro in the Confluent wire format). With a
 * primary key the record is keyed by the key columns in the same format, and a delete becomes a tombstone; every record carries its origin in the
 * {@value #ORIGIN_HEADER} header so a consumer can line the topic up with the Iceberg table.
 */
public class ProductRecordSerializer implements KafkaRecordSerializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  /** Header naming the input record a product record came from: {@code topic/partition@offset}. */
  public static final String ORIGIN_HEADER = "weft-origin";

  private final String topic;
  private final int originField;
  private final SerializationSchema<RowData> value;
  private final SerializationSchema<RowData> key;
  private final int[] keyFields;

  /**
   * @param originField index of the {@link RecordOrigin} column (= number of published columns)
   * @param value serializer of the published columns (it ignores the origin column after them)
   * @param key serializer of the key columns, or null for a product without primary key
   */
  public ProductRecordSerializer(
      String topic, int originField, SerializationSchema<RowData> value, SerializationSchema<RowData> key, List<Integer> keyFields) {
    this.topic = topic;
    this.originField = originField;
    this.value = value;
    this.key = key;
    this.keyFields = keyFields.stream().mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) throws Exception {
    value.open(context);
    if (key != null) {
      key.open(context);
    }
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
    if (row.getRowKind() == RowKind.UPDATE_BEFORE) {
      return null;
    }
    byte[] keyBytes = key == null ? null : key.serialize(ProjectedRowData.from(keyFields).replaceRow(row));
    byte[] valueBytes = row.getRowKind() == RowKind.DELETE ? null : value.serialize(row);
    RecordHeaders headers = new RecordHeaders();
    if (!row.isNullAt(originField)) {
      RowData origin = row.getRow(originField, RecordOrigin.TYPE.getFieldCount());
      headers.add(new RecordHeader(ORIGIN_HEADER, originBytes(origin)));
    }
    // no timestamp: the producer stamps the time of publishing. The row's event time (Flink's
    // timestamp) would make the broker's time-based retention count from when the event happened,
    // and delete at once what a run publishes about events older than the retention (see
    // docs/consistency.md); the event time is in the value
    return new ProducerRecord<>(topic, null, null, keyBytes, valueBytes, headers);
  }

  /** {@code topic/partition@offset} without decoding the topic: this runs for every record. */
  private static byte[] originBytes(RowData origin) {
    byte[] topicBytes = origin.getString(RecordOrigin.TOPIC).toBytes();
    byte[] rest = ("/" + origin.getInt(RecordOrigin.PARTITION) + "@" + origin.getLong(RecordOrigin.OFFSET)).getBytes(UTF_8);
    byte[] bytes = java.util.Arrays.copyOf(topicBytes, topicBytes.length + rest.length);
    System.arraycopy(rest, 0, bytes, topicBytes.length, rest.length);
    return bytes;
  }
}
