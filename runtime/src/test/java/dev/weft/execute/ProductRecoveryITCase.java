package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static dev.weft.testing.Eventually.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.RunningProduct.ProductFailedException;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Failures and restores: exactly-once across a crash, and a refused restore of old state. */
class ProductRecoveryITCase {
  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void aCrashInTheMiddleLeavesNoDuplicatesAndNoGaps() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.crash", "order-events", "order-events-crash");
    STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_RECORDS, 3_000L);
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", rename));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.crash", 2);
    OrderRecords first = new OrderRecords(0, 5_000);
    OrderRecords second = new OrderRecords(5_000, 10_000);
    topics.produce("shop.orders.crash", first.records);

    RunningProduct product = STACK.stack().runner().start(plan, false, Optional.empty());
    try {
      Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
      await(() -> {
        table.refresh();
        return table.currentSnapshot() != null;
      }, "a first commit");
      topics.produce("shop.orders.crash", second.records);
      List<Long> valid = new ArrayList<>(first.validOrderIds());
      valid.addAll(second.validOrderIds());
      await(() -> Tables.readAll(table).size() >= valid.size(), "all valid records in the table");
      assertThat(product.hasRestarted()).as("the injected failure restarted the job").isTrue();

      assertThat(Tables.readAll(table).stream().map(r -> (Long) r.getField("order_id")).sorted()).containsExactlyElementsOf(valid);
      await(() -> topics.readAll("orders.order-events-crash.v1").size() >= valid.size(), "all valid records on the topic");
      assertThat(topics.readAll("orders.order-events-crash.v1").stream().map(Topics::value).sorted())
          .containsExactlyElementsOf(valid.stream().map(OrderRecords::publishedJson).sorted().toList());
      Map<String, List<String>> invalid = new TreeMap<>(first.invalid());
      invalid.putAll(second.invalid());
      await(() -> topics.readAll("orders.order-events-crash.v1.dlq").size() >= invalid.size(), "all dead letters");
      Map<String, List<String>> deadLetters = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> letter : topics.readAll("orders.order-events-crash.v1.dlq")) {
        JsonNode doc = JSON.readTree(letter.value());
        List<String> rules = new ArrayList<>();
        doc.get("rules").forEach(r -> rules.add(r.asText()));
        assertThat(deadLetters.put(doc.get("input").asText(), rules)).as("dead letter twice: %s", doc).isNull();
      }
      assertThat(deadLetters).isEqualTo(invalid);

      // commits of a streaming product with a watermark say how far event time had got
      long lastEvent = OrderRecords.START.plus(java.time.Duration.ofMinutes(9_999)).toEpochMilli();
      assertThat(dev.weft.jobs.sink.ProductSnapshot.latest(table).orElseThrow().watermark())
          .hasValueSatisfying(w -> assertThat(w).isBetween(OrderRecords.START.toEpochMilli(), lastEvent - 5_000));
    } finally {
      product.cancel();
      STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_RECORDS, 0L);
    }
  }

  @Test
  void restoringACheckpointBehindTheTableIsRefused() throws Exception {
    Map<String, String> rename = Map.of("shop.orders", "shop.orders.old", "order-events", "order-events-old");
    ProductPlan plan = Specs.compile(Specs.load("it/order-events.yaml", rename));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.old", 1);
    OrderRecords first = new OrderRecords(0, 2_000);
    topics.produce("shop.orders.old", first.records);

    RunningProduct product = STACK.stack().runner().start(plan, false, Optional.empty());
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    Path checkpoints = STACK.stack().runner().checkpointDirectory(plan).resolve(product.jobId().toString());
    await(() -> Tables.readAll(table).size() == first.validOrderIds().size() && latestCheckpoint(checkpoints).isPresent(),
        "the first records committed");
    Path old = Files.createTempDirectory("weft-old-checkpoint");
    copy(latestCheckpoint(checkpoints).orElseThrow(), old);

    OrderRecords second = new OrderRecords(2_000, 4_000);
    topics.produce("shop.orders.old", second.records);
    int all = first.validOrderIds().size() + second.validOrderIds().size();
    await(() -> Tables.readAll(table).size() == all, "the later records committed");
    product.cancel();

    RunningProduct restored = STACK.stack().runner().start(plan, false, Optional.of(old.toUri().toString()));
    assertThatThrownBy(() -> restored.awaitFinished(Duration.ofMinutes(2)))
        .isInstanceOf(ProductFailedException.class)
        .hasMessageStartingWith("product orders.order-events-old failed: Refusing to restore product orders.order-events-old: "
            + "table weft.orders.order_events_old_v1 already holds input up to shop.orders.old/0@3999 (here: ")
        .hasMessageContaining("Restoring it would publish those records twice.");
    assertThat(Tables.readAll(table)).hasSize(all);
  }

  private static Optional<Path> latestCheckpoint(Path jobCheckpoints) {
    if (!Files.isDirectory(jobCheckpoints)) {
      return Optional.empty();
    }
    try (Stream<Path> dirs = Files.list(jobCheckpoints)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  private static void copy(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : files.toList()) {
        Path target = to.resolve(from.relativize(file).toString());
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target);
        }
      }
    }
  }
}
