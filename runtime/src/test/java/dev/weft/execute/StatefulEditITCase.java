package dev.weft.execute;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.SpecLoader;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.io.DataInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import java.util.stream.Stream;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalRemoteKeyedStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A stateful product (a count per customer over a Kafka input) across spec edits: a compatible
 * edit restores its RocksDB checkpoint and the counts go on; an incompatible one is refused before
 * a job is submitted, or, when asked for, starts with the aggregate's state dropped.
 */
class StatefulEditITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INPUT = "shop.orders.edit";
  private static final String TOPIC = "orders.order-counts-edit.v1";
  private static final int CUSTOMERS = 20;

  private static final String SPEC = """
      apiVersion: weft/v1
      kind: DataProduct
      metadata: { name: order-counts-edit, domain: orders, version: 1.0.0, owner: orders-team@acme.example }
      inputs:
        - name: orders
          kafka:
            topic: shop.orders.edit
            columns:
              - { name: order_id, type: BIGINT }
              - { name: customer_id, type: BIGINT }
              - { name: total, type: "DECIMAL(12,2)" }
              - { name: currency, type: STRING }
      schema:
        primaryKey: [customer_id]
        columns:
          - { name: customer_id, type: BIGINT, nullable: false }
          - { name: order_count, type: BIGINT }
      transform: |
        SELECT customer_id, COUNT(*) AS order_count
        FROM orders
        WHERE total > 0
        GROUP BY customer_id
      quality:
        rules:
          - { name: some-orders, check: "order_count > 0" }
      outputs:
        topic: { partitions: 2 }
      """;

  /** A changed filter, an added column, a changed quality rule: the aggregate keeps its identity. */
  private static final String COMPATIBLE = SPEC
      .replace("version: 1.0.0", "version: 1.1.0")
      .replace("WHERE total > 0", "WHERE total > 100")
      .replace("SELECT customer_id, COUNT(*) AS order_count", "SELECT customer_id, COUNT(*) AS order_count, customer_id * 10 AS code")
      .replace("    - { name: order_count, type: BIGINT }\n", "    - { name: order_count, type: BIGINT }\n    - { name: code, type: BIGINT }\n")
      .replace("check: \"order_count > 0\"", "check: \"order_count >= 1\"");

  /** Another aggregate call: the state of COUNT(*) cannot become that of COUNT(DISTINCT …). */
  private static final String INCOMPATIBLE = COMPATIBLE
      .replace("version: 1.1.0", "version: 1.2.0")
      .replace("COUNT(*) AS order_count", "COUNT(DISTINCT order_id) AS order_count");

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void aCompatibleEditRestoresTheStateAndAnIncompatibleOneIsRefusedOrDropsItOnlyWhenAsked() throws Exception {
    ProductRunner runner = STACK.stack().runner();
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create(INPUT, 2);
    ProductPlan original = plan(SPEC);
    runner.provision(List.of(original));
    Table table = runner.catalog().loadTable(IcebergTables.identifier(original));
    Path checkpoints = runner.checkpointDirectory(original);

    // 1. the original spec counts the first orders, then stops (its checkpoint is retained)
    topics.produce(INPUT, orders(0, 1_000));
    RunningProduct first = runner.start(original, false, Optional.empty());
    Map<Long, Long> counts = counts(0, 1_000, total -> total > 0);
    awaitTable(table, counts, false);
    stop(first);
    Path retained = newestCheckpoint(checkpoints.resolve(first.jobId().toString()));
    assertThat(keyedStateHandles(retained))
        .as("keyed state of %s: RocksDB's incremental handles, sharing files with earlier checkpoints", retained)
        .isNotEmpty()
        .allSatisfy(handle -> assertThat(handle).isInstanceOf(IncrementalRemoteKeyedStateHandle.class))
        .anySatisfy(handle -> assertThat(((IncrementalRemoteKeyedStateHandle) handle).getSharedState()).isNotEmpty());

    // 2. the compatible edit restores that checkpoint: the counts go on from where they were
    RunningProduct second = runner.start(plan(COMPATIBLE), false, Optional.empty());
    topics.produce(INPUT, orders(1_000, 2_000));
    counts(1_000, 2_000, total -> total > 100).forEach((customer, more) -> counts.merge(customer, more, Long::sum));
    awaitTable(table, counts, true);
    awaitTopic(counts);
    stop(second);

    // 3. the incompatible edit is refused before a job is submitted, naming the operator and what to do
    List<Path> runsBefore = runs(checkpoints);
    assertThatThrownBy(() -> runner.start(plan(INCOMPATIBLE), false, Optional.empty()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageMatching("(?s)Refusing to start product orders\\.order-counts-edit: its spec changed in a way that drops the state of "
            + "1 stateful operator\\(s\\) kept in checkpoint file:\\S+/chk-\\d+/?:\n"
            + "  - GroupAggregate\\(groupBy=\\[customer_id], select=\\[customer_id, COUNT\\(\\*\\) AS order_count]\\) "
            + "\\(uid orders\\.order-counts-edit\\.v1/sql/GroupAggregate-[0-9a-f]{12}\\)\n"
            + "The edited job has no operator that can take that state over \\(the edit changed a grouping key, a join, an aggregate "
            + "call, the columns an operator keeps, removed an input, or switched stateTtl on or off\\), and results computed without it would be wrong\\. "
            + "Either publish the edit as a new major version \\(metadata\\.version 2\\.0\\.0: a new topic and table, computed from the "
            + "start of the inputs\\), or start with --drop-incompatible-state \\(weft\\.restore\\.drop-incompatible-state\\): the "
            + "checkpoint is still restored \\(input positions, pending commits, the state of unchanged operators\\) and the operators "
            + "listed start empty\\.");
    assertThat(runs(checkpoints)).as("no job was submitted").isEqualTo(runsBefore);

    // 4. asked to, it starts: input positions come back, the new aggregate starts empty
    runner.options().set(WeftOptions.DROP_INCOMPATIBLE_STATE, true);
    try {
      RunningProduct third = runner.start(plan(INCOMPATIBLE), false, Optional.empty());
      topics.produce(INPUT, orders(2_000, 2_600));
      Map<Long, Long> fresh = counts(2_000, 2_600, total -> total > 100);
      assertThat(fresh).as("every customer ordered again").hasSize(CUSTOMERS);
      awaitTable(table, fresh, true);
      awaitTopic(fresh);
      stop(third);
    } finally {
      runner.options().set(WeftOptions.DROP_INCOMPATIBLE_STATE, false);
    }
  }

  private static ProductPlan plan(String spec) throws Exception {
    return Specs.compile(SpecLoader.load("order-counts-edit.yaml", spec));
  }

  /** Order i: customer i % 20, total i % 300 (minus 5 for every 7th, which no filter lets through). */
  private static List<Map.Entry<String, String>> orders(int from, int to) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      records.add(Map.entry(Integer.toString(i), "{\"order_id\": " + i + ", \"customer_id\": " + (i % CUSTOMERS)
          + ", \"total\": " + total(i) + ", \"currency\": \"EUR\"}"));
    }
    return records;
  }

  private static long total(int i) {
    return i % 7 == 0 ? -5 : i % 300;
  }

  private static Map<Long, Long> counts(int from, int to, LongPredicate filter) {
    Map<Long, Long> counts = new TreeMap<>();
    for (int i = from; i < to; i++) {
      if (filter.test(total(i))) {
        counts.merge((long) (i % CUSTOMERS), 1L, Long::sum);
      }
    }
    return counts;
  }

  private static void awaitTable(Table table, Map<Long, Long> counts, boolean withCode) throws InterruptedException {
    Map<Long, Long> expected = Map.copyOf(counts);
    await(() -> rows(table).equals(expected), "the table to hold the counts " + expected);
    if (withCode) {
      for (Record row : Tables.readAll(table)) {
        assertThat(row.getField("code")).isEqualTo((Long) row.getField("customer_id") * 10);
      }
    }
  }

  private static Map<Long, Long> rows(Table table) {
    Map<Long, Long> rows = new TreeMap<>();
    for (Record row : Tables.readAll(table)) {
      assertThat(rows.put((Long) row.getField("customer_id"), (Long) row.getField("order_count"))).as("one row per key").isNull();
    }
    return rows;
  }

  /** The topic's latest record per key holds the same counts. */
  private static void awaitTopic(Map<Long, Long> counts) throws InterruptedException {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    Map<Long, Long> expected = Map.copyOf(counts);
    await(() -> {
      Map<Long, Long> latest = new TreeMap<>();
      for (ConsumerRecord<byte[], byte[]> record : topics.readAll(TOPIC)) {
        try {
          JsonNode value = JSON.readTree(record.value());
          latest.put(value.get("customer_id").asLong(), value.get("order_count").asLong());
        } catch (java.io.IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
      return latest.equals(expected);
    }, "the topic's latest record per customer to hold the counts " + expected);
  }

  private static void stop(RunningProduct product) throws InterruptedException {
    product.cancel();
    await(() -> product.status().isGloballyTerminalState(), "job " + product.jobId() + " to stop");
  }

  private static List<Path> runs(Path productCheckpoints) throws Exception {
    try (Stream<Path> runs = Files.list(productCheckpoints)) {
      return runs.sorted().toList();
    }
  }

  private static Path newestCheckpoint(Path run) throws Exception {
    try (Stream<Path> dirs = Files.list(run)) {
      return dirs.filter(p -> p.getFileName().toString().startsWith("chk-") && Files.exists(p.resolve("_metadata")))
          .max(Comparator.comparingInt(p -> Integer.parseInt(p.getFileName().toString().substring(4))))
          .orElseThrow(() -> new AssertionError("no checkpoint in " + run));
    }
  }

  private static List<KeyedStateHandle> keyedStateHandles(Path checkpoint) throws Exception {
    CheckpointMetadata metadata;
    try (InputStream in = Files.newInputStream(checkpoint.resolve("_metadata"))) {
      metadata = Checkpoints.loadCheckpointMetadata(new DataInputStream(in), StatefulEditITCase.class.getClassLoader(), checkpoint.toString());
    }
    List<KeyedStateHandle> handles = new ArrayList<>();
    for (OperatorState operator : metadata.getOperatorStates()) {
      for (OperatorSubtaskState subtask : operator.getStates()) {
        handles.addAll(subtask.getManagedKeyedState());
      }
    }
    return handles;
  }
}
