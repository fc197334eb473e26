package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.compile.IcebergTables;
import dev.weft.compile.ProductPlan;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Columns marked pii are masked in the job: no plain value reaches the topic, the table or the dead letters. */
class PiiMaskingITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void noPlainPersonalDataInTopicTableOrDeadLetters() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/pii-orders.yaml", Map.of()));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.pii-orders", 2);
    List<Map.Entry<String, String>> records = new ArrayList<>();
    List<String> plain = new ArrayList<>();
    for (int i = 1; i <= 100; i++) {
      String email = "person" + i + "@example.com";
      String name = "Person Number" + i;
      plain.add(email);
      plain.add(name);
      String amount = i % 10 == 0 ? "-1.00" : i + ".25";
      records.add(Map.entry(Integer.toString(i), i % 25 == 0
          ? "{\"order_id\": " + i + ", \"email\": \"" + email + "\", \"full_name\": \"" + name + "\", \"amount\": "  // not JSON
          : "{\"order_id\": " + i + ", \"email\": \"" + email + "\", \"full_name\": \"" + name + "\", \"amount\": " + amount + "}"));
    }
    topics.produce("shop.pii-orders", records);

    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    List<ConsumerRecord<byte[], byte[]>> published = topics.readAll(plan.names().topic());
    List<ConsumerRecord<byte[], byte[]>> deadLetters = topics.readAll(plan.names().deadLetterTopic());
    List<Record> rows = Tables.readAll(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan)));
    // 100 records: 4 not JSON (25, 50, 75, 100), 8 more with a negative amount (10, 20, … 90 but 50)
    assertThat(published).hasSize(88);
    assertThat(rows).hasSize(88);
    assertThat(deadLetters).hasSize(12);

    JsonNode first = JSON.readTree(published.stream().filter(r -> Topics.value(r).contains("\"order_id\":1,")).findFirst().orElseThrow().value());
    assertThat(first.get("email").asText()).isEqualTo(sha256("person1@example.com"));
    assertThat(first.get("full_name").asText()).isEqualTo("REDACTED");
    Record row = rows.stream().filter(r -> (Long) r.getField("order_id") == 1L).findFirst().orElseThrow();
    assertThat(row.getField("email")).isEqualTo(sha256("person1@example.com"));
    assertThat(row.getField("full_name")).isEqualTo("REDACTED");
    for (ConsumerRecord<byte[], byte[]> deadLetter : deadLetters) {
      assertThat(JSON.readTree(deadLetter.value()).get("input").isNull()).as("the raw input is withheld").isTrue();
    }
    assertThat(deadLetters.stream().map(PiiMaskingITCase::reason).filter(r -> r.startsWith("not valid")))
        .as("parse failures say where, without quoting the record")
        .containsExactlyInAnyOrder("not valid JSON at line 1, column 93", "not valid JSON at line 1, column 93",
            "not valid JSON at line 1, column 93", "not valid JSON at line 1, column 96");

    List<String> everything = new ArrayList<>();
    published.forEach(r -> everything.add(Topics.value(r)));
    deadLetters.forEach(r -> everything.add(Topics.value(r)));
    rows.forEach(r -> everything.add(r.toString()));
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
