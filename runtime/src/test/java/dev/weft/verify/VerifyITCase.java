package dev.weft.verify;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.jobs.sink.ProductRecordSerializer;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import dev.weft.verify.Difference.Kind;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.deletes.EqualityDeleteWriter;
import org.apache.iceberg.encryption.EncryptedFiles;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code weft verify} on a real topic and table: a pair that agrees, and pairs broken on purpose (a
 * row deleted from the table through the Iceberg API, records left out of a copy of the topic) that
 * must be reported with exactly the keys and offsets that were broken.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VerifyITCase {
  private static final String INPUT = "crash.changes";

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private static Path dir;
  private static ProductPlan tiers;
  private static ProductPlan ledger;
  /** seq → where the input record is. */
  private static final Map<Long, String> ORIGINS = new HashMap<>();

  @BeforeAll
  static void runTheProducts() throws Exception {
    dir = Files.createTempDirectory("weft-verify-");
    for (String name : List.of("crash-tiers", "crash-ledger")) {
      try (InputStream in = VerifyITCase.class.getResourceAsStream("/specs/crash/" + name + ".yaml")) {
        Files.write(dir.resolve(name + ".yaml"), in.readAllBytes());
      }
    }
    List<ProductPlan> plans = ProductSet.compile(List.of(dir)).plans();
    tiers = plans.stream().filter(p -> p.product().equals("crash.crash-tiers")).findFirst().orElseThrow();
    ledger = plans.stream().filter(p -> p.product().equals("crash.crash-ledger")).findFirst().orElseThrow();
    Properties kafka = STACK.stack().kafka().clientProperties();
    new Topics(kafka).create(INPUT, 3);
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.serializer", StringSerializer.class.getName());
    props.put("value.serializer", StringSerializer.class.getName());
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(props)) {
      // ids 1..40, each changing 7 or 8 times; seq 0..299
      for (long seq = 0; seq < 300; seq++) {
        long id = 1 + seq % 40;
        String json = "{\"id\": " + id + ", \"seq\": " + seq + ", \"tier\": \"gold\", \"amount\": " + (seq + 1) + "}";
        RecordMetadata meta = producer.send(new ProducerRecord<>(INPUT, (int) (id % 3), Long.toString(id), json)).get();
        ORIGINS.put(seq, INPUT + "/" + meta.partition() + "@" + meta.offset());
      }
    }
    for (ProductPlan plan : List.of(tiers, ledger)) {
      STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    }
  }

  @Test
  @Order(1)
  void aTopicAndTableThatAgreeExitZero() {
    WeftCommandLine weft = new WeftCommandLine();
    int exit = weft.run(STACK.withServiceFlags("verify", dir.resolve("crash-tiers.yaml").toString(), dir.resolve("crash-ledger.yaml").toString()));
    assertThat(exit).as(weft.out() + weft.err()).isEqualTo(0);
    String position = "{\"crash.changes\":{\"0\":" + lastOffset(0) + ",\"1\":" + lastOffset(1) + ",\"2\":" + lastOffset(2) + "}}";
    assertThat(weft.out())
        .contains("crash.crash-tiers: topic crash.crash-tiers.v1 and table crash.crash_tiers_v1 agree up to input position " + position)
        .contains("  latest row per key: 300 topic record(s) compared with 40 table row(s)\n")
        .contains("crash.crash-ledger: topic crash.crash-ledger.v1 and table crash.crash_ledger_v1 agree up to input position " + position)
        .contains("  rows by input record: 300 topic record(s) compared with 300 table row(s)\n");
  }

  @Test
  @Order(2)
  void anUpsertProductReportsTheKeysItsTopicAndTableDisagreeOn() throws Exception {
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(tiers));
    deleteRows(table, "id", 7L);
    // the copy lacks id 11's last change (seq 290) and every change of id 13; it holds one record from past the table's position
    String copy = copyTopic(tiers.names().topic(), r -> !(origin(r).equals(ORIGINS.get(290L)) || json(r.key()).equals("{\"id\":13}")),
        List.of(new ProducerRecord<>("", 0, "{\"id\":17}".getBytes(UTF_8), "{\"id\":17,\"seq\":999,\"tier\":\"GOLD\",\"amount\":1}".getBytes(UTF_8),
            List.of(new RecordHeader(ProductRecordSerializer.ORIGIN_HEADER, (INPUT + "/2@999999").getBytes(UTF_8))))));

    Verification result = new TopicTableVerifier(STACK.stack().kafka().clientProperties(), STACK.stack().runner().catalog()).verify(tiers, copy);

    assertThat(result.agrees()).isFalse();
    assertThat(result.differences()).extracting(Difference::kind, Difference::at, Difference::origin).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(Kind.NOT_IN_TABLE, "{\"id\":7}", Optional.of(Origin.parse(ORIGINS.get(286L)).orElseThrow())),
        org.assertj.core.groups.Tuple.tuple(Kind.DIFFERENT, "{\"id\":11}", Optional.of(Origin.parse(ORIGINS.get(250L)).orElseThrow())),
        org.assertj.core.groups.Tuple.tuple(Kind.NOT_ON_TOPIC, "{\"id\":13}", Optional.empty()));
    assertThat(result.differences().stream().filter(d -> d.kind() == Kind.DIFFERENT).findFirst().orElseThrow().describe())
        .isEqualTo("different: {\"id\":11} (from " + ORIGINS.get(250L) + ")  topic {\"id\":11,\"seq\":250,\"tier\":\"GOLD\",\"amount\":251}"
            + "  table {\"id\":11,\"seq\":290,\"tier\":\"GOLD\",\"amount\":291}");
    assertThat(result.beyondPosition()).isEqualTo(1);

    // the command on the product's own topic: the deleted key, listed, and exit code 3
    WeftCommandLine weft = new WeftCommandLine();
    int exit = weft.run(STACK.withServiceFlags("verify", dir.resolve("crash-tiers.yaml").toString(), "--max-listed", "5"));
    assertThat(exit).as(weft.out() + weft.err()).isEqualTo(3);
    assertThat(weft.out()).contains("crash.crash-tiers: topic crash.crash-tiers.v1 and table crash.crash_tiers_v1 DISAGREE up to input position")
        .contains("\n  not in the table: {\"id\":7} (from " + ORIGINS.get(286L) + ")  topic {\"id\":7,\"seq\":286,\"tier\":\"GOLD\",\"amount\":287}\n")
        .contains("\n  1 difference(s)\n");
  }

  @Test
  @Order(3)
  void anAppendProductReportsTheOffsetsOfRowsTheTableLacksAndTheRowsTheTopicLacks() throws Exception {
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(ledger));
    deleteRows(table, "seq", 123L);
    deleteRows(table, "seq", 124L);
    String copy = copyTopic(ledger.names().topic(), r -> !origin(r).equals(ORIGINS.get(200L)), List.of());

    Verification result = new TopicTableVerifier(STACK.stack().kafka().clientProperties(), STACK.stack().runner().catalog()).verify(ledger, copy);

    assertThat(result.differences()).extracting(Difference::kind, Difference::at).containsExactlyInAnyOrder(
        org.assertj.core.groups.Tuple.tuple(Kind.NOT_IN_TABLE, ORIGINS.get(123L)),
        org.assertj.core.groups.Tuple.tuple(Kind.NOT_IN_TABLE, ORIGINS.get(124L)),
        org.assertj.core.groups.Tuple.tuple(Kind.NOT_ON_TOPIC, "{\"id\":1,\"seq\":200,\"tier\":\"GOLD\",\"amount\":201}"));

    WeftCommandLine weft = new WeftCommandLine();
    int exit = weft.run(STACK.withServiceFlags("verify", dir.resolve("crash-ledger.yaml").toString(), "--max-listed", "1"));
    assertThat(exit).as(weft.out() + weft.err()).isEqualTo(3);
    assertThat(weft.out())
        .contains("\n  not in the table: " + ORIGINS.get(123L) + "  topic {\"id\":4,\"seq\":123,\"tier\":\"GOLD\",\"amount\":124}\n")
        .contains("\n  … and 1 more (2 difference(s) in all)\n");
  }

  @Test
  void withoutTheServicesTheRunUsedItIsAUsageError() {
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run("verify", dir.resolve("crash-tiers.yaml").toString())).isEqualTo(2);
    assertThat(weft.err()).isEqualTo("weft verify needs --kafka and --catalog-uri (and --warehouse, --catalog-user as the run had them): "
        + "the services the products published to\n");
  }

  private static long lastOffset(int partition) {
    return ORIGINS.values().stream().filter(o -> o.startsWith(INPUT + "/" + partition + "@"))
        .mapToLong(o -> Long.parseLong(o.substring(o.indexOf('@') + 1))).max().orElseThrow();
  }

  /** Deletes the rows whose {@code column} is {@code value} with an equality delete file, as any Iceberg writer could. */
  private static void deleteRows(Table table, String column, long value) throws Exception {
    Schema schema = table.schema();
    int fieldId = schema.findField(column).fieldId();
    GenericRecord row = GenericRecord.create(schema);
    row.setField(column, value);
    row.setField("id", column.equals("id") ? value : 0L);
    PartitionKey partition = new PartitionKey(table.spec(), schema);
    partition.partition(new InternalRecordWrapper(schema.asStruct()).wrap(row));
    Schema deleteSchema = schema.select(column);
    GenericAppenderFactory factory = new GenericAppenderFactory(table, schema, table.spec(), Map.of(), new int[] {fieldId}, deleteSchema);
    var file = table.io().newOutputFile(table.locationProvider().newDataLocation(table.spec(), partition, "delete-" + UUID.randomUUID() + ".parquet"));
    EqualityDeleteWriter<org.apache.iceberg.data.Record> writer =
        factory.newEqDeleteWriter(EncryptedFiles.plainAsEncryptedOutput(file), FileFormat.PARQUET, partition);
    GenericRecord key = GenericRecord.create(deleteSchema);
    key.setField(column, value);
    try (writer) {
      writer.write(key);
    }
    DeleteFile deletes = writer.toDeleteFile();
    table.newRowDelta().addDeletes(deletes).commit();
  }

  /** Copies a topic, partition by partition, without the records {@code keep} refuses, then adds {@code extra}; returns the copy's name. */
  private static String copyTopic(String topic, Predicate<ConsumerRecord<byte[], byte[]>> keep,
      List<ProducerRecord<byte[], byte[]>> extra) throws Exception {
    Properties kafka = STACK.stack().kafka().clientProperties();
    String copy = topic + ".copy-" + UUID.randomUUID().toString().substring(0, 8);
    Topics topics = new Topics(kafka);
    topics.create(copy, 3);
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      for (ConsumerRecord<byte[], byte[]> r : topics.readAll(topic)) {
        if (keep.test(r)) {
          producer.send(new ProducerRecord<>(copy, r.partition(), null, r.key(), r.value(), r.headers())).get();
        }
      }
      for (ProducerRecord<byte[], byte[]> r : extra) {
        producer.send(new ProducerRecord<>(copy, r.partition(), null, r.key(), r.value(), r.headers())).get();
      }
    }
    return copy;
  }

  private static String origin(ConsumerRecord<byte[], byte[]> record) {
    return new String(record.headers().lastHeader(ProductRecordSerializer.ORIGIN_HEADER).value(), UTF_8);
  }

  private static String json(byte[] bytes) {
    return bytes == null ? "" : new String(bytes, UTF_8);
  }
}
