package dev.weft.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.DistributionMode;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The CDC baseline a Flink developer writes by hand without Weft: the Flink CDC source's changelog
 * of {@code bench_cdc}, {@code LOWER(email)} and the rule {@code amount >= 0} in Java (violations
 * to a dead-letter topic as JSON), updates as their new row only, then the same two exactly-once
 * outputs as the product: a Kafka topic keyed by {@code {"id":…}} with the row as JSON and a
 * tombstone per delete (Kafka transactions), and an Iceberg v2 table written as upserts with
 * equality deletes on {@code id} by Iceberg's own FlinkSink, keyed by {@code id}.
 */
final class HandWrittenCdcJob {
  private static final String RULE = "non-negative-amount";

  private HandWrittenCdcJob() {}

  static void build(StreamExecutionEnvironment env, org.apache.flink.api.connector.source.Source<RowData, ?, ?> cdc, RowType row,
      Properties kafka, String topic, String transactionPrefix, TableLoader table) {
    OutputTag<String> rejected = new OutputTag<>("rejected", Types.STRING);
    SingleOutputStreamOperator<RowData> upserts = env.fromSource(cdc, WatermarkStrategy.noWatermarks(), "bench_cdc changes")
        .process(new LowerAndCheck(row, rejected)).returns(InternalTypeInfo.of(row));

    upserts.sinkTo(KafkaSink.<RowData>builder().setKafkaProducerConfig(kafka)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(transactionPrefix)
        .setProperty("transaction.timeout.ms", "600000")
        .setRecordSerializer(new UpsertJson(topic)).build());
    upserts.getSideOutput(rejected).sinkTo(KafkaSink.<String>builder().setKafkaProducerConfig(kafka)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(transactionPrefix + "-dlq")
        .setProperty("transaction.timeout.ms", "600000")
        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(topic + ".dlq")
            .setValueSerializationSchema(new SimpleStringSchema()).build())
        .build());
    // HASH: every change of one id goes to the same writer, as Iceberg's upsert mode requires. The
    // schema says the stream's types: without it the sink reads the table's microsecond timestamps
    // (TIMESTAMP_LTZ(6)) from rows that hold TIMESTAMP_LTZ(3) and fails
    FlinkSink.forRowData(upserts).tableLoader(table).resolvedSchema(schema(row)).upsert(true).equalityFieldColumns(List.of("id"))
        .distributionMode(DistributionMode.HASH).append();
  }

  /** The Flink schema of {@code row}, keyed by its first column {@code id}: also the Iceberg table's, with identifier field id. */
  static ResolvedSchema schema(RowType row) {
    List<Column> columns = row.getFields().stream()
        .<Column>map(f -> Column.physical(f.getName(), TypeConversions.fromLogicalToDataType(f.getType()))).toList();
    return new ResolvedSchema(columns, List.of(), UniqueConstraint.primaryKey("pk_id", List.of("id")));
  }

  /** The row as JSON, the way a developer writes it with Jackson. */
  static ObjectNode json(ObjectMapper mapper, RowData row) {
    ObjectNode node = mapper.createObjectNode();
    node.put("id", row.getLong(0));
    node.put("customer", row.isNullAt(1) ? null : row.getString(1).toString());
    node.put("email", row.isNullAt(2) ? null : row.getString(2).toString());
    node.put("country", row.isNullAt(3) ? null : row.getString(3).toString());
    node.put("amount", row.isNullAt(4) ? null : row.getDecimal(4, 12, 2).toBigDecimal());
    node.put("fee", row.isNullAt(5) ? null : row.getDecimal(5, 12, 2).toBigDecimal());
    if (row.isNullAt(6)) {
      node.putNull("quantity");
    } else {
      node.put("quantity", row.getInt(6));
    }
    if (row.isNullAt(7)) {
      node.putNull("score");
    } else {
      node.put("score", row.getDouble(7));
    }
    if (row.isNullAt(8)) {
      node.putNull("active");
    } else {
      node.put("active", row.getBoolean(8));
    }
    node.put("sent_at", row.isNullAt(9) ? null : row.getTimestamp(9, 3).toInstant().toString());
    return node;
  }

  /**
   * {@code LOWER(email)} and the rule; an UPDATE_BEFORE is dropped (both sinks take the new row
   * as the update), a delete passes unchecked, and a row failing the rule (NULL fails, as
   * {@code (amount >= 0) IS TRUE}) goes to the dead-letter output.
   */
  static final class LowerAndCheck extends ProcessFunction<RowData, RowData> {
    private static final long serialVersionUID = 1L;
    private final RowType row;
    private final OutputTag<String> rejected;
    private transient RowData.FieldGetter[] fields;
    private transient ObjectMapper mapper;

    LowerAndCheck(RowType row, OutputTag<String> rejected) {
      this.row = row;
      this.rejected = rejected;
    }

    @Override
    public void open(Configuration parameters) {
      fields = new RowData.FieldGetter[row.getFieldCount()];
      for (int i = 0; i < fields.length; i++) {
        fields[i] = RowData.createFieldGetter(row.getTypeAt(i), i);
      }
      mapper = new ObjectMapper();
    }

    @Override
    public void processElement(RowData in, Context ctx, Collector<RowData> out) {
      if (in.getRowKind() == RowKind.UPDATE_BEFORE) {
        return;
      }
      GenericRowData result = new GenericRowData(in.getRowKind(), fields.length);
      for (int i = 0; i < fields.length; i++) {
        result.setField(i, fields[i].getFieldOrNull(in));
      }
      if (!in.isNullAt(2)) {
        result.setField(2, StringData.fromString(in.getString(2).toString().toLowerCase(Locale.ROOT)));
      }
      if (in.getRowKind() != RowKind.DELETE && (in.isNullAt(4) || ((DecimalData) result.getField(4)).toBigDecimal().signum() < 0)) {
        ObjectNode letter = mapper.createObjectNode();
        letter.putArray("rules").add(RULE);
        letter.set("input", json(mapper, result));
        ctx.output(rejected, letter.toString());
        return;
      }
      out.collect(result);
    }
  }

  /** Key {@code {"id":…}}, value the row as JSON; a delete is a tombstone. */
  static final class UpsertJson implements KafkaRecordSerializationSchema<RowData> {
    private static final long serialVersionUID = 1L;
    private final String topic;
    private transient ObjectMapper mapper;

    UpsertJson(String topic) {
      this.topic = topic;
    }

    @Override
    public void open(org.apache.flink.api.common.serialization.SerializationSchema.InitializationContext context, KafkaSinkContext sink) {
      mapper = new ObjectMapper();
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
      byte[] key = mapper.createObjectNode().put("id", row.getLong(0)).toString().getBytes(StandardCharsets.UTF_8);
      byte[] value = row.getRowKind() == RowKind.DELETE ? null : json(mapper, row).toString().getBytes(StandardCharsets.UTF_8);
      return new ProducerRecord<>(topic, key, value);
    }
  }
}
