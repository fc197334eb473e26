package dev.weft.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.FlinkSink;

/**
 * The baseline: the benchmark product written by hand as a DataStream job, as a Flink developer
 * would without Weft. Jackson parsing, the three rules in Java, the projection, a dead-letter topic,
 * and the same two exactly-once outputs (Kafka transactions, Iceberg's own FlinkSink).
 */
final class HandWrittenJob {
  static final RowType ROW = RowType.of(
      new LogicalType[] {new BigIntType(), new BigIntType(), new DecimalType(12, 2), VarCharType.STRING_TYPE, new LocalZonedTimestampType(3)},
      new String[] {"order_id", "customer_id", "order_total", "currency", "placed_at"});

  private HandWrittenJob() {}

  static void build(StreamExecutionEnvironment env, Properties kafka, String input, String topic, TableLoader table) {
    KafkaSource<String> source = KafkaSource.<String>builder()
        .setProperties(kafka).setTopics(input).setGroupId("bench-baseline")
        .setStartingOffsets(OffsetsInitializer.earliest()).setBounded(OffsetsInitializer.latest())
        .setProperty("isolation.level", "read_committed")
        .setValueOnlyDeserializer(new SimpleStringSchema()).build();
    OutputTag<String> rejected = new OutputTag<>("rejected", Types.STRING);
    SingleOutputStreamOperator<RowData> valid = env.fromSource(source, WatermarkStrategy.noWatermarks(), "orders")
        .process(new ParseAndCheck(rejected)).returns(InternalTypeInfo.of(ROW));
    DataStream<String> dlq = valid.getSideOutput(rejected);

    valid.map(HandWrittenJob::json).returns(Types.STRING).sinkTo(kafkaSink(kafka, topic, "bench-baseline-topic"));
    dlq.sinkTo(kafkaSink(kafka, topic + ".dlq", "bench-baseline-dlq"));
    FlinkSink.forRowData(valid).tableLoader(table).append();
  }

  private static KafkaSink<String> kafkaSink(Properties kafka, String topic, String prefix) {
    return KafkaSink.<String>builder().setKafkaProducerConfig(kafka)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE).setTransactionalIdPrefix(prefix)
        .setProperty("transaction.timeout.ms", "600000")
        .setRecordSerializer(KafkaRecordSerializationSchema.builder().setTopic(topic).setValueSerializationSchema(new SimpleStringSchema()).build())
        .build();
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  static String json(RowData row) {
    ObjectNode node = JSON.createObjectNode();
    node.put("order_id", row.getLong(0));
    node.put("customer_id", row.getLong(1));
    node.put("order_total", row.getDecimal(2, 12, 2).toBigDecimal());
    node.put("currency", row.getString(3).toString());
    node.put("placed_at", row.getTimestamp(4, 3).toInstant().toString());
    return node.toString();
  }

  /** Parses, checks the three rules and projects; broken or bad records go to the side output. */
  static final class ParseAndCheck extends ProcessFunction<String, RowData> {
    private static final long serialVersionUID = 1L;
    private final OutputTag<String> rejected;
    private transient ObjectMapper mapper;

    ParseAndCheck(OutputTag<String> rejected) {
      this.rejected = rejected;
    }

    @Override
    public void open(Configuration parameters) {
      mapper = new ObjectMapper();
    }

    @Override
    public void processElement(String value, Context ctx, Collector<RowData> out) {
      JsonNode node;
      try {
        node = mapper.readTree(value);
      } catch (Exception e) {
        ctx.output(rejected, "{\"rules\":[\"parse\"],\"input\":" + JSON.valueToTree(value) + "}");
        return;
      }
      BigDecimal total = node.get("total").decimalValue();
      String currency = node.get("currency").asText().toUpperCase();
      JsonNode customer = node.get("customer_id");
      boolean positive = total.signum() > 0;
      boolean known = currency.equals("EUR") || currency.equals("USD") || currency.equals("GBP");
      boolean hasCustomer = customer != null && !customer.isNull();
      if (!(positive && known && hasCustomer)) {
        ctx.output(rejected, "{\"rules\":[\"" + (positive ? "" : "positive-total") + (known ? "" : " known-currency") + "\"],\"input\":"
            + JSON.valueToTree(value) + "}");
        return;
      }
      out.collect(GenericRowData.of(
          node.get("order_id").asLong(),
          customer.asLong(),
          DecimalData.fromBigDecimal(total, 12, 2),
          StringData.fromString(currency),
          TimestampData.fromInstant(Instant.parse(node.get("created_at").asText()))));
    }
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
