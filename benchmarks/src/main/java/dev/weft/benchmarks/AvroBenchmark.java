package dev.weft.benchmarks;

import dev.weft.dev.DevStack;
import dev.weft.execute.WeftOptions;
import dev.weft.jobs.avro.AvroRowSerializer;
import dev.weft.jobs.avro.AvroSchemas;
import dev.weft.jobs.avro.SchemaRegistryClient;
import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.SpecLoader;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.avro.Schema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Avro against JSON on the wire, for the same product shape: bench-orders.yaml as it is (a JSON input
 * and topic), and with {@code format: avro} on its input and its topic, over the same records (the
 * Avro ones in the Confluent wire format under a registered schema), in the same process on the
 * same embedded stack with a real schema registry. Rounds alternate the two; the best of each counts.
 *
 * <p>Run with {@code benchmarks/run-avro.sh [records] [rounds]}.
 */
public final class AvroBenchmark {
  private static final String JSON_INPUT = "bench.orders";
  private static final String AVRO_INPUT = "bench.orders-avro";
  private static final RowType COLUMNS = RowType.of(
      new LogicalType[] {new BigIntType(), new BigIntType(), new DecimalType(12, 2), VarCharType.STRING_TYPE, VarCharType.STRING_TYPE,
          new LocalZonedTimestampType(3), VarCharType.STRING_TYPE},
      new String[] {"order_id", "customer_id", "total", "currency", "channel", "created_at", "note"});

  public static void main(String[] args) throws Exception {
    long records = args.length > 0 ? Long.parseLong(args[0]) : 300_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 2;
    Configuration options = new Configuration();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-avro-").toString());
    try (DevStack stack = DevStack.start(options, true)) {
      stack.runner().admin().createTopics(List.of(new NewTopic(JSON_INPUT, 2, (short) 1), new NewTopic(AVRO_INPUT, 2, (short) 1))).all().get();
      BenchmarkData.produce(stack.kafka().clientProperties(), JSON_INPUT, records);
      produceAvro(stack, records);
      System.out.printf(Locale.ROOT, "produced %,d records to %s (JSON) and %s (Avro)%n", records, JSON_INPUT, AVRO_INPUT);
      double bestJson = 0;
      double bestAvro = 0;
      for (int round = 1; round <= rounds; round++) {
        double json = records / run(stack, round, false);
        double avro = records / run(stack, round, true);
        System.out.printf(Locale.ROOT, "round %d: json %,.0f records/s, avro %,.0f records/s%n", round, json, avro);
        bestJson = Math.max(bestJson, json);
        bestAvro = Math.max(bestAvro, avro);
      }
      System.out.printf(Locale.ROOT, "best: json %,.0f records/s, avro %,.0f records/s, avro/json %.2f%n", bestJson, bestAvro, bestAvro / bestJson);
    }
  }

  /** Seconds from submit to finished of bench-orders in one format. */
  private static double run(DevStack stack, int round, boolean avro) throws Exception {
    String text;
    try (InputStream in = AvroBenchmark.class.getResourceAsStream("/bench-orders.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    String name = "bench-orders-" + (avro ? "avro" : "json") + "-r" + round;
    text = text.replace("name: bench-orders", "name: " + name);
    if (avro) {
      text = text.replace("topic: bench.orders", "topic: " + AVRO_INPUT + "\n      format: avro") + "outputs:\n  topic: { format: avro }\n";
    }
    ProductPlan plan = new ProductCompiler(ref -> Optional.empty()).compile(SpecLoader.load(name + ".yaml", text));
    long start = System.nanoTime();
    stack.runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(30));
    return (System.nanoTime() - start) / 1e9;
  }

  /** BenchmarkData's records, field for field, as Avro under a schema registered for the topic. */
  private static void produceAvro(DevStack stack, long records) throws Exception {
    Schema schema = AvroSchemas.record(COLUMNS, "bench", "orders", Optional.empty(), Map.of());
    int id = new SchemaRegistryClient(stack.schemaRegistry().orElseThrow().confluentApi()).register(AVRO_INPUT + "-value", schema.toString());
    AvroRowSerializer serializer = new AvroRowSerializer(COLUMNS, schema.toString(), id);
    Properties props = new Properties();
    props.putAll(stack.kafka().clientProperties());
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("linger.ms", "20");
    props.put("batch.size", "262144");
    props.put("compression.type", "lz4");
    String[] currencies = {"eur", "usd", "gbp"};
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (long i = 0; i < records; i++) {
        String total = i % 100 == 1 ? "-5.00" : (i % 997 + 1) + ".25";
        String currency = i % 100 == 2 ? "xxx" : currencies[(int) (i % 3)];
        GenericRowData row = GenericRowData.of(i, i % 10_007, DecimalData.fromBigDecimal(new BigDecimal(total), 12, 2),
            StringData.fromString(currency), StringData.fromString("web"),
            TimestampData.fromInstant(Instant.ofEpochSecond(1_790_000_000L + i)), StringData.fromString("x".repeat(48)));
        producer.send(new ProducerRecord<>(AVRO_INPUT, null, serializer.serialize(row)));
      }
      producer.flush();
    }
  }
}
