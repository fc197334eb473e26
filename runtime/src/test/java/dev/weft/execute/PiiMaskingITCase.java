package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.mask.DeterministicCipher;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Columns marked pii are masked in the job: no plain value reaches the topic, the table or the
 * dead letters; encrypted ones give back exactly the source values to whoever holds the key.
 */
class PiiMaskingITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final String KEY_SECRET = "pii-test-key";
  /** Where the stack's tasks find the key of the encrypt mask, as a secret mounted into a folder. */
  private static final Path SECRETS = secretsFolder();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  static {
    STACK.options().set(WeftOptions.SECRETS_DIR, SECRETS.toString());
  }

  private final Topics topics = new Topics(STACK.stack().kafka().clientProperties());

  private static Path secretsFolder() {
    try {
      Path folder = Files.createTempDirectory("weft-secrets-");
      byte[] key = new byte[32];
      new SecureRandom().nextBytes(key);
      Files.writeString(folder.resolve(KEY_SECRET), Base64.getEncoder().encodeToString(key) + "\n");
      return folder;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void noPlainPersonalDataInTopicTableOrDeadLetters() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/pii-orders.yaml", Map.of()));
    SourceOrders source = SourceOrders.produce("shop.pii-orders", 2, i -> "person" + i + "@example.com", i -> "Person Number" + i);

    Outputs outputs = runUntilIdle(plan);
    List<ConsumerRecord<byte[], byte[]>> published = outputs.published();
    List<ConsumerRecord<byte[], byte[]>> deadLetters = outputs.deadLetters();
    // 100 records: 4 not JSON (25, 50, 75, 100), 8 more with a negative amount (10, 20, … 90 but 50)
    assertThat(List.of(published.size(), outputs.rows().size(), deadLetters.size())).containsExactly(88, 88, 12);

    JsonNode first = JSON.readTree(published.stream().filter(r -> Topics.value(r).contains("\"order_id\":1,")).findFirst().orElseThrow().value());
    assertThat(first.get("email").asText()).isEqualTo(sha256("person1@example.com"));
    assertThat(first.get("full_name").asText()).isEqualTo("REDACTED");
    Record row = outputs.rows().stream().filter(r -> (Long) r.getField("order_id") == 1L).findFirst().orElseThrow();
    assertThat(row.getField("email")).isEqualTo(sha256("person1@example.com"));
    assertThat(row.getField("full_name")).isEqualTo("REDACTED");
    assertWithheld(deadLetters);
    assertThat(deadLetters.stream().map(PiiMaskingITCase::reason).filter(r -> r.startsWith("not valid")))
        .as("parse failures say where, without quoting the record")
        .containsExactlyInAnyOrder("not valid JSON at line 1, column 93", "not valid JSON at line 1, column 93",
            "not valid JSON at line 1, column 93", "not valid JSON at line 1, column 96");
    assertNoPlainValue(outputs, source.plainValues());
  }

  @Test
  void personalInputColumnsThatAreNotPublishedStayOutOfTheDeadLetters() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/pii-input-orders.yaml", Map.of()));
    SourceOrders source = SourceOrders.produce("shop.pii-input-orders", 1, i -> "person" + i + "@example.com", i -> "Person Number" + i);

    Outputs outputs = runUntilIdle(plan);
    assertThat(List.of(outputs.published().size(), outputs.rows().size(), outputs.deadLetters().size())).containsExactly(88, 88, 12);
    // one input partition: by offset, each dead letter says where to re-read it and holds none of its personal values
    Map<Long, String> byOffset = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : outputs.deadLetters()) {
      JsonNode letter = JSON.readTree(record.value());
      byOffset.put(letter.get("source").get("offset").asLong(), letter.get("rules") + " " + letter.get("reason").asText() + " "
          + letter.get("source") + " input=" + letter.get("input") + " record=" + letter.get("record"));
    }
    List<String> deadLetters = List.copyOf(byOffset.values());
    String at = "{\"topic\":\"shop.pii-input-orders\",\"partition\":0,\"offset\":";
    assertThat(deadLetters).containsExactly(
        "[\"positive-amount\"] broke positive-amount " + at + "9} input=null record={\"order_id\":10,\"amount\":-1}",
        "[\"positive-amount\"] broke positive-amount " + at + "19} input=null record={\"order_id\":20,\"amount\":-1}",
        "[\"parse\"] not valid JSON at line 1, column 93 " + at + "24} input=null record=null",
        "[\"positive-amount\"] broke positive-amount " + at + "29} input=null record={\"order_id\":30,\"amount\":-1}",
        "[\"positive-amount\"] broke positive-amount " + at + "39} input=null record={\"order_id\":40,\"amount\":-1}",
        "[\"parse\"] not valid JSON at line 1, column 93 " + at + "49} input=null record=null",
        "[\"positive-amount\"] broke positive-amount " + at + "59} input=null record={\"order_id\":60,\"amount\":-1}",
        "[\"positive-amount\"] broke positive-amount " + at + "69} input=null record={\"order_id\":70,\"amount\":-1}",
        "[\"parse\"] not valid JSON at line 1, column 93 " + at + "74} input=null record=null",
        "[\"positive-amount\"] broke positive-amount " + at + "79} input=null record={\"order_id\":80,\"amount\":-1}",
        "[\"positive-amount\"] broke positive-amount " + at + "89} input=null record={\"order_id\":90,\"amount\":-1}",
        "[\"parse\"] not valid JSON at line 1, column 96 " + at + "99} input=null record=null");
    assertNoPlainValue(outputs, source.plainValues());
  }

  @Test
  void encryptedColumnsDecryptToTheSourceValuesWithTheKeyAndNothingElseHoldsThem() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/pii-orders-encrypted.yaml", Map.of()));
    // 40 people place 100 orders; every 7th order has no name
    SourceOrders source = SourceOrders.produce("shop.pii-orders-encrypted", 2,
        i -> "person" + (i % 40) + "@example.com", i -> i % 7 == 0 ? null : "Person Number" + i);

    Outputs outputs = runUntilIdle(plan);
    List<ConsumerRecord<byte[], byte[]>> published = outputs.published();
    List<ConsumerRecord<byte[], byte[]>> deadLetters = outputs.deadLetters();
    // as above; the rule real-email (email LIKE '%@%') saw the unmasked values, or no record would be valid
    assertThat(List.of(published.size(), outputs.rows().size(), deadLetters.size())).containsExactly(88, 88, 12);

    Map<Long, List<String>> expected = new TreeMap<>();
    source.valid().forEach(i -> expected.put((long) i, Arrays.asList(source.email(i), source.name(i))));
    DeterministicCipher cipher = STACK.stack().runner().secrets().cipher(KEY_SECRET);
    Map<Long, List<String>> fromTopic = new TreeMap<>();
    Map<String, String> ciphertexts = new HashMap<>();
    for (ConsumerRecord<byte[], byte[]> record : published) {
      JsonNode json = JSON.readTree(record.value());
      String email = json.get("email").asText();
      assertThat(email).startsWith("enc:v2:");
      assertThat(json.get("full_name").isNull()).isEqualTo(source.name(json.get("order_id").asInt()) == null);
      fromTopic.put(json.get("order_id").asLong(), Arrays.asList(cipher.decrypt(email),
          json.get("full_name").isNull() ? null : cipher.decrypt(json.get("full_name").asText())));
      ciphertexts.merge(cipher.decrypt(email), email, (a, b) -> a.equals(b) ? a : "differs: " + a + ", " + b);
    }
    Map<Long, List<String>> fromTable = new TreeMap<>();
    outputs.rows().forEach(r -> fromTable.put((Long) r.getField("order_id"), Arrays.asList(cipher.decrypt((String) r.getField("email")),
        r.getField("full_name") == null ? null : cipher.decrypt((String) r.getField("full_name")))));
    assertThat(fromTopic).isEqualTo(expected);
    assertThat(fromTable).isEqualTo(expected);
    assertThat(ciphertexts.values()).as("one ciphertext per email").noneMatch(c -> c.startsWith("differs"));
    // person0, 10, 20 and 30 order only as multiples of 10, all dead-lettered
    assertThat(ciphertexts).hasSize(36);
    assertWithheld(deadLetters);
    assertNoPlainValue(outputs, source.plainValues());
  }

  @Test
  void anEncryptedColumnKeysAnUpsertProductAsItsPlainValueWould() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/pii-last-orders.yaml", Map.of()));
    // one partition, so the last order of each of the 40 people is the one with the highest id
    SourceOrders source = SourceOrders.produce("shop.pii-last-orders", 1, i -> "person" + (i % 40) + "@example.com", i -> "Person Number" + i);

    Outputs outputs = runUntilIdle(plan);
    List<ConsumerRecord<byte[], byte[]>> published = outputs.published();
    List<ConsumerRecord<byte[], byte[]>> deadLetters = outputs.deadLetters();
    DeterministicCipher cipher = STACK.stack().runner().secrets().cipher(KEY_SECRET);
    Map<String, Long> lastOrders = new TreeMap<>();
    IntStream.rangeClosed(1, 100).filter(i -> i % 25 != 0).forEach(i -> lastOrders.put(source.email(i), (long) i));
    Map<String, Long> fromTable = new TreeMap<>();
    outputs.rows().forEach(r -> fromTable.put(cipher.decrypt((String) r.getField("email")), (Long) r.getField("order_id")));
    assertThat(fromTable).isEqualTo(lastOrders);
    assertThat(published).hasSize(96);
    for (ConsumerRecord<byte[], byte[]> record : published) {
      assertThat(JSON.readTree(record.key()).get("email")).as("record key").isEqualTo(JSON.readTree(record.value()).get("email"));
    }
    assertThat(published.stream().map(Topics::key).distinct()).hasSize(40);
    assertThat(deadLetters).hasSize(4);
    assertWithheld(deadLetters);
    assertNoPlainValue(outputs, source.plainValues());
  }

  @Test
  void aProductWhoseKeyIsNotSetIsRefusedBeforeAnythingStarts() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/pii-orders-encrypted.yaml",
        Map.of("pii-test-key", "pii-unset-key", "name: pii-orders-encrypted", "name: pii-orders-unset-key")));

    assertThatThrownBy(() -> STACK.stack().runner().start(plan, true, Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("product orders.pii-orders-unset-key is not started: secret pii-unset-key is not set (set WEFT_SECRET_PII_UNSET_KEY or put it in "
            + SECRETS.toAbsolutePath().resolve("pii-unset-key") + "); it holds the key that email, full_name are encrypted with");
    assertThat(Topics.names(STACK.stack().kafka().clientProperties())).doesNotContain(plan.names().topic());
  }

  /** What a product published: its topic's records, its dead letters, its table's rows. */
  private record Outputs(List<ConsumerRecord<byte[], byte[]>> published, List<ConsumerRecord<byte[], byte[]>> deadLetters, List<Record> rows) {}

  private Outputs runUntilIdle(ProductPlan plan) throws Exception {
    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    return new Outputs(topics.readAll(plan.names().topic()), topics.readAll(plan.names().deadLetterTopic()),
        Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan))));
  }

  /** 100 orders with personal data: 4 not JSON (25, 50, 75, 100), 8 more with a negative amount (10, 20, … 90 but 50). */
  private record SourceOrders(IntFunction<String> emails, IntFunction<String> names) {
    static SourceOrders produce(String topic, int partitions, IntFunction<String> emails, IntFunction<String> names) throws Exception {
      Topics topics = new Topics(STACK.stack().kafka().clientProperties());
      topics.create(topic, partitions);
      List<Map.Entry<String, String>> records = new ArrayList<>();
      for (int i = 1; i <= 100; i++) {
        String name = names.apply(i) == null ? "null" : "\"" + names.apply(i) + "\"";
        String amount = i % 10 == 0 ? "-1.00" : i + ".25";
        String start = "{\"order_id\": " + i + ", \"email\": \"" + emails.apply(i) + "\", \"full_name\": " + name + ", \"amount\": ";
        records.add(Map.entry(Integer.toString(i), i % 25 == 0 ? start : start + amount + "}"));
      }
      topics.produce(topic, records);
      return new SourceOrders(emails, names);
    }

    String email(int order) {
      return emails.apply(order);
    }

    String name(int order) {
      return names.apply(order);
    }

    List<Integer> valid() {
      return IntStream.rangeClosed(1, 100).filter(i -> i % 25 != 0 && i % 10 != 0).boxed().toList();
    }

    List<String> plainValues() {
      return IntStream.rangeClosed(1, 100).boxed().flatMap(i -> Stream.of(email(i), name(i))).filter(Objects::nonNull).distinct().toList();
    }
  }

  private static void assertWithheld(List<ConsumerRecord<byte[], byte[]>> deadLetters) throws IOException {
    for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
      assertThat(JSON.readTree(deadLetter.value()).get("input").isNull()).as("the raw input is withheld").isTrue();
    }
  }

  /** Every topic record, dead letter and table row, as text, holds none of the plain values. */
  private static void assertNoPlainValue(Outputs outputs, List<String> plain) {
    List<String> everything = new ArrayList<>();
    outputs.published().forEach(r -> everything.add(Topics.value(r)));
    outputs.deadLetters().forEach(r -> everything.add(Topics.value(r)));
    outputs.rows().forEach(r -> everything.add(r.toString()));
    for (String value : plain) {
      assertThat(everything).as("outputs holding %s", value).noneMatch(text -> text.contains(value));
    }
  }

  private static String reason(ConsumerRecord<byte[], byte[]> deadLetter) {
    try {
      return JSON.readTree(deadLetter.value()).get("reason").asText();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
