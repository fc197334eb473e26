package dev.weft.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.jobs.avro.SchemaRegistryClient;
import dev.weft.plan.ProductPlan;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Topics;
import dev.weft.translate.AvroTopicSchemas;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An Avro product against a real schema registry (Apicurio Registry, started once for the class):
 * it reads an Avro input by the ids its records name, publishes key and value in the Confluent
 * wire format under the schemas it registered, and a breaking change of its schema is refused
 * before anything is published.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AvroTopicITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INPUT = "shop.payments-avro";
  private static final String TOPIC = "payments.avro-payments.v1";

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension().withSchemaRegistry();

  /** What the upstream application writes: one field more than the product reads (skipped), the customer optional. */
  private static final Schema INPUT_SCHEMA = new Schema.Parser().parse("""
      {"type": "record", "name": "Payment", "namespace": "shop", "fields": [
        {"name": "payment_id", "type": "long"},
        {"name": "customer_id", "type": ["null", "long"], "default": null},
        {"name": "amount", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 2}},
        {"name": "channel", "type": "string"},
        {"name": "paid_at", "type": {"type": "long", "logicalType": "timestamp-millis"}},
        {"name": "note", "type": "string", "default": ""}]}""");

  private static String registry() {
    return STACK.stack().schemaRegistry().orElseThrow().confluentApi();
  }

  @Test
  @Order(1)
  void aConsumerWithTheRegistryReadsExactlyWhatTheProductPublishedAndDeadLettersKeepTheInputBytes() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create(INPUT, 1);
    int inputSchema = new SchemaRegistryClient(registry()).register(INPUT + "-value", INPUT_SCHEMA.toString());
    byte[] negative = payment(inputSchema, 3, null, "-1.00", "card", "2026-11-01T10:00:02Z");
    byte[] notAvro = "{\"payment_id\": 4}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
    produce(List.of(
        payment(inputSchema, 1, 7L, "12.50", "card", "2026-11-01T10:00:00Z"),
        payment(inputSchema, 2, null, "0.99", "paypal", "2026-11-01T10:00:01.250Z"),
        negative,
        notAvro,
        payment(inputSchema, 5, 9L, "100.00", "invoice", "2026-11-01T10:00:04Z")));
    ProductPlan plan = Specs.compile(Specs.load("it/avro-payments.yaml", Map.of()));

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    RegistryAvroReader reader = new RegistryAvroReader(registry());
    List<String> published = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> record : topics.readAll(TOPIC)) {
      published.add(reader.read(record.key()) + " -> " + reader.read(record.value()));
    }
    assertThat(published).containsExactly(
        "{\"payment_id\": 1} -> {\"payment_id\": 1, \"customer_id\": 7, \"amount\": 12.50, \"channel\": \"CARD\", \"paid_at\": \"2026-11-01T10:00:00Z\"}",
        "{\"payment_id\": 2} -> {\"payment_id\": 2, \"customer_id\": null, \"amount\": 0.99, \"channel\": \"PAYPAL\", \"paid_at\": \"2026-11-01T10:00:01.250Z\"}",
        "{\"payment_id\": 5} -> {\"payment_id\": 5, \"customer_id\": 9, \"amount\": 100.00, \"channel\": \"INVOICE\", \"paid_at\": \"2026-11-01T10:00:04Z\"}");
    // the schemas as derived from the published columns, registered under the topic's subjects in the product's mode
    assertThat(latest(reader, TOPIC + "-value")).isEqualTo(AvroTopicSchemas.value(plan).toString());
    assertThat(latest(reader, TOPIC + "-key")).isEqualTo(AvroTopicSchemas.key(plan).orElseThrow().toString());
    assertThat(reader.get("/config/" + TOPIC + "-value")).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");

    List<String> deadLetters = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> letter : topics.readAll(TOPIC + ".dlq")) {
      JsonNode doc = JSON.readTree(letter.value());
      deadLetters.add(doc.get("rules") + " " + doc.get("input") + " " + doc.get("source").get("offset"));
      // the original bytes, whatever they are
      assertThat(Base64.getDecoder().decode(doc.get("inputBase64").asText()))
          .isEqualTo(doc.get("source").get("offset").asLong() == 2 ? negative : notAvro);
    }
    assertThat(deadLetters).containsExactlyInAnyOrder("[\"positive-amount\"] null 2", "[\"parse\"] null 3");
  }

  @Test
  @Order(2)
  void aBreakingSchemaChangeIsRefusedByTheRegistryAndByWeftBeforeAnythingIsPublished() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    int before = topics.readAll(TOPIC).size();
    // a new column that cannot be null, without a default: consumers on the new schema cannot read what v1.0 published
    ProductPlan breaking = Specs.compile(Specs.load("it/avro-payments.yaml", Map.of(
        "version: 1.0.0", "version: 1.1.0",
        "\n    - { name: channel, type: STRING }", "\n    - { name: channel, type: STRING }\n    - { name: currency, type: STRING, nullable: false }",
        "UPPER(channel) AS channel,", "UPPER(channel) AS channel, 'EUR' AS currency,")));
    produce(List.of(payment(new SchemaRegistryClient(registry()).register(INPUT + "-value", INPUT_SCHEMA.toString()),
        6, 1L, "5.00", "card", "2026-11-01T11:00:00Z")));

    assertThatThrownBy(() -> STACK.stack().runner().start(breaking, true, Optional.empty()))
        .hasMessage("product payments.avro-payments: the schema registry at " + registry() + " refused its schema for subject "
            + TOPIC + "-value (HTTP 409): io.apicurio.registry.rules.violation.RuleViolationException: Incompatible artifact: " + TOPIC
            + "-value [AVRO], num of incompatible diffs: {1}, list of diff types: [currency at /fields/4]. Nothing was published. Keep the change backward compatible "
            + "(schema.compatibility), or publish it as a new major version.");
    assertThat(topics.readAll(TOPIC)).hasSize(before);
    assertThat(new RegistryAvroReader(registry()).get("/subjects/" + TOPIC + "-value/versions")).isEqualTo("[1]");
  }

  private static String latest(RegistryAvroReader reader, String subject) throws Exception {
    return JSON.readTree(reader.get("/subjects/" + subject + "/versions/latest")).get("schema").asText();
  }

  /** A record as an upstream producer with Confluent's serializer writes it: magic byte, schema id, Avro binary. */
  private static byte[] payment(int schemaId, long id, Long customer, String amount, String method, String paidAt) throws Exception {
    GenericRecord record = new GenericData.Record(INPUT_SCHEMA);
    record.put("payment_id", id);
    record.put("customer_id", customer);
    record.put("amount", ByteBuffer.wrap(new BigDecimal(amount).unscaledValue().toByteArray()));
    record.put("channel", method);
    record.put("paid_at", Instant.parse(paidAt).toEpochMilli());
    record.put("note", "n" + id);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(0);
    out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
    BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
    new GenericDatumWriter<GenericRecord>(INPUT_SCHEMA).write(record, encoder);
    encoder.flush();
    return out.toByteArray();
  }

  private static void produce(List<byte[]> values) throws Exception {
    var props = STACK.stack().kafka().clientProperties();
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (byte[] value : values) {
        producer.send(new ProducerRecord<>(INPUT, value));
      }
      producer.flush();
    }
  }
}
