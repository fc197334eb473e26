package dev.weft.cdc;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.ChangeSourceException;
import dev.weft.execute.ReplicationSlots;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import dev.weft.execute.RunningProduct.ProductFailedException;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import dev.weft.verify.TopicTableVerifier;
import dev.weft.jobs.source.cdc.PostgresTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A product fed by PostgreSQL CDC on the real embedded stack: snapshot, then inserts, updates and
 * deletes, with the table and the topic compared row by row to the source table.
 */
class PostgresCdcITCase {
  
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void snapshotThenStreamingLeavesTableAndTopicEqualToTheSource() throws Exception {
    runSnapshotAndChanges("s", 0);
  }

  @Test
  void aRestartInTheMiddleOfTheSnapshotLosesAndRepeatsNothing() throws Exception {
    runSnapshotAndChanges("rs", 2_500);
  }

  @Test
  void aRestartInTheMiddleOfStreamingLosesAndRepeatsNothing() throws Exception {
    runSnapshotAndChanges("rc", SnapshotAndChanges.EXISTING + 1_000);
  }

  /**
   * At parallelism 2 two readers take the snapshot's chunks at once: 5,000 rows in chunks of 500
   * are 10 chunks, and each subtask fails once after 1,000 records, in the middle of the snapshot.
   */
  @Test
  void aParallelSnapshotInSmallChunksWithARestartLosesAndRepeatsNothing() throws Exception {
    var options = STACK.stack().runner().options();
    int parallelism = options.get(WeftOptions.PARALLELISM);
    int chunkRows = options.get(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS);
    options.set(WeftOptions.PARALLELISM, 2);
    options.set(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS, 500);
    try {
      Captured captured = capture("ps");
      SnapshotAndChanges.run(STACK.stack().runner(), captured.plan, captured.shop, captured.topics, 1_000);
      assertThat(new TopicTableVerifier(STACK.stack().kafka().clientProperties(), STACK.stack().runner().catalog())
          .verify(captured.plan).differences()).isEmpty();
    } finally {
      options.set(WeftOptions.PARALLELISM, parallelism);
      options.set(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS, chunkRows);
    }
  }

  private void runSnapshotAndChanges(String suffix, long failAfter) throws Exception {
    Captured captured = capture(suffix);
    SnapshotAndChanges.run(STACK.stack().runner(), captured.plan, captured.shop, captured.topics, failAfter);
  }

  /** Starts the product on a table of {@code rows} rows and waits until they are committed. */
  private static RunningProduct startOnRows(Captured captured, int rows) throws Exception {
    captured.shop.create();
    captured.shop.insert(1, rows + 1);
    RunningProduct product = STACK.stack().runner().start(captured.plan, false, Optional.empty());
    await(() -> Tables.readAll(captured.table()).size() == rows, "the snapshot committed");
    return product;
  }

  @Test
  void aColumnAddedUpstreamIsIgnoredAndADroppedOneStopsTheProductNamingIt() throws Exception {
    Captured captured = capture("d");
    RunningProduct product = startOnRows(captured, 10);
    try {
      Table table = captured.table();
      captured.shop.execute("ALTER TABLE public.customers_d ADD COLUMN loyalty_points INT DEFAULT 7");
      captured.shop.insert(11, 21);
      await(() -> Tables.readAll(table).size() == 20, "rows inserted after the new column");
      assertThat(CustomerRow.rowsOf(table)).containsExactlyElementsOf(captured.shop.expectedRows());

      captured.shop.execute("ALTER TABLE public.customers_d DROP COLUMN tier");
      captured.shop.execute("UPDATE public.customers_d SET credit = credit + 1 WHERE customer_id = 1");
      assertThatThrownBy(() -> product.awaitFinished(Duration.ofMinutes(2)))
          .isInstanceOf(ProductFailedException.class)
          .hasMessage("product customers.customer-profiles-d failed: product customers.customer-profiles-d: input 'customers' reads column "
              + "'tier', which public.customers_d no longer has (dropped upstream); remove it from the input and the transform, or restore it");
      assertThat(Tables.readAll(table)).hasSize(20);
    } finally {
      product.cancel();
    }
  }

  @Test
  void aColumnRetypedUpstreamStopsTheProductNamingIt() throws Exception {
    Captured captured = capture("t");
    RunningProduct product = startOnRows(captured, 10);
    try {
      captured.shop.execute("ALTER TABLE public.customers_t ALTER COLUMN credit TYPE TEXT");
      captured.shop.execute("UPDATE public.customers_t SET email = 'retyped@shop.example' WHERE customer_id = 1");
      assertThatThrownBy(() -> product.awaitFinished(Duration.ofMinutes(2)))
          .isInstanceOf(ProductFailedException.class)
          .hasMessage("product customers.customer-profiles-t failed: product customers.customer-profiles-t: input 'customers' reads column "
              + "'credit' as DECIMAL(10, 2), but public.customers_t now has it as string (retyped upstream); "
              + "change the input's column type and the transform to match");
    } finally {
      product.cancel();
    }
  }

  /**
   * What a run until idle waits for counts every change committed before it starts, even on a server
   * that commits asynchronously ({@code synchronous_commit = off}, as the embedded PostgreSQL and many
   * busy servers run): there a commit returns before its WAL is flushed, and logical decoding sees only
   * flushed WAL, so a look at the slot right after a commit found nothing and the run ended at once.
   */
  @Test
  void theLastPendingChangeCountsAChangeCommittedJustBefore() throws Exception {
    Captured captured = capture("p");
    captured.shop.create();
    PostgresTable source = (PostgresTable) STACK.stack().runner().changeSources(captured.plan).get("customers");
    ReplicationSlots.create(source);
    assertThat(captured.shop.query("SHOW synchronous_commit")).isEqualTo("off");
    assertThat(ReplicationSlots.lastPendingChange(source)).as("no change yet").isEmpty();
    long previous = 0;
    for (int id = 1; id <= 20; id++) {
      captured.shop.insert(id, id + 1);
      Optional<Long> last = ReplicationSlots.lastPendingChange(source);
      assertThat(last).as("the slot's last change right after insert " + id).isPresent();
      assertThat(last.get()).as("insert " + id + " comes after the one before").isGreaterThan(previous);
      previous = last.get();
    }
    ReplicationSlots.drop(source);
  }

  /**
   * Runs until idle as a catch-up job would: the first takes the snapshot, the next ones carry on
   * from the slot with the changes made since, deletes included, and publish nothing twice.
   */
  @Test
  void runsUntilIdleContinueFromTheSlotAndPublishEachChangeOnce() throws Exception {
    Captured captured = capture("idle");
    captured.shop.create();
    captured.shop.insert(1, 101);
    STACK.stack().runner().start(captured.plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(2));
    Table table = captured.table();
    assertThat(CustomerRow.rowsOf(table)).containsExactlyElementsOf(captured.shop.expectedRows());
    assertThat(captured.topics.readAll(captured.topic())).as("the snapshot").hasSize(100);

    captured.shop.insert(101, 151);
    captured.shop.update(1, 21);
    captured.shop.delete(91, 101);
    STACK.stack().runner().start(captured.plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(2));
    List<CustomerRow> expected = captured.shop.expectedRows();
    table.refresh();
    assertThat(CustomerRow.rowsOf(table)).containsExactlyElementsOf(expected);
    List<ConsumerRecord<byte[], byte[]>> published = captured.topics.readAll(captured.topic());
    assertThat(published).as("100 snapshot rows, then 50 inserts, 20 updates, 10 deletes").hasSize(180);
    assertThat(CustomerRow.latestPerKey(published)).containsExactlyElementsOf(expected);

    // nothing changed: a run until idle ends and publishes nothing
    STACK.stack().runner().start(captured.plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(2));
    assertThat(captured.topics.readAll(captured.topic())).hasSize(180);
  }

  @Test
  void aSecondRunContinuesFromItsSlotAndDropReleasesIt() throws Exception {
    Captured captured = capture("r");
    captured.shop.create();
    captured.shop.insert(1, 101);
    RunningProduct first = STACK.stack().runner().start(captured.plan, false, Optional.empty());
    Table table = captured.table();
    try {
      await(() -> Tables.readAll(table).size() == 100, "the snapshot committed");
    } finally {
      first.cancel();
    }
    PostgresTable source = (PostgresTable) STACK.stack().runner().changeSources(captured.plan).get("customers");
    await(() -> ReplicationSlots.status(source).map(slot -> !slot.active()).orElse(false), "the first run to let go of its slot");

    captured.shop.insert(101, 151);
    captured.shop.update(1, 21);
    captured.shop.delete(91, 101);
    List<CustomerRow> expected = captured.shop.expectedRows();
    RunningProduct second = STACK.stack().runner().start(captured.plan, false, Optional.empty());
    try {
      await(() -> CustomerRow.rowsOf(table).equals(expected), "the changes made while the product was stopped");
      await(() -> captured.topics.readAll(captured.topic()).size() >= 180, "every change on the topic");
      List<ConsumerRecord<byte[], byte[]>> published = captured.topics.readAll(captured.topic());
      assertThat(published).as("100 snapshot rows, then 50 inserts, 20 updates, 10 deletes").hasSize(180);
      assertThat(CustomerRow.latestPerKey(published)).containsExactlyElementsOf(expected);
    } finally {
      second.cancel();
    }
    await(() -> ReplicationSlots.status(source).map(slot -> !slot.active()).orElse(false), "the second run to let go of its slot");

    Path spec = Files.createTempFile("customer-profiles-r", ".yaml");
    Files.writeString(spec, Specs.text("it/customer-profiles-cdc.yaml", captured.replacements()));
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run("status", spec.toString(), "--work-dir", STACK.options().get(WeftOptions.WORK_DIR))).as(weft.err()).isZero();
    assertThat(weft.out()).startsWith("""
        customers.customer-profiles-r 1.0.0
          topic         customers.customer-profiles-r.v1
          table         customers.customer_profiles_r_v1
          run           never run with this work dir
          checkpoint    """).contains("""
          input customers  slot weft_customers_customer_profiles_r_v1_customers: inactive, confirmed up to """);
    weft.clear();
    assertThat(weft.run("drop", spec.toString())).as(weft.err()).isZero();
    assertThat(weft.out()).isEqualTo("customers.customer-profiles-r input customers: dropped replication slot "
        + "weft_customers_customer_profiles_r_v1_customers and its publication\n");
    assertThat(ReplicationSlots.status(source)).isEmpty();

    assertThatThrownBy(() -> STACK.stack().runner().start(captured.plan, false, Optional.empty()))
        .isInstanceOf(ChangeSourceException.class)
        .hasMessage("product customers.customer-profiles-r, input 'customers': table customers.customer_profiles_r_v1 holds changes of "
            + "public.customers_r, but replication slot weft_customers_customer_profiles_r_v1_customers is gone, so the changes made "
            + "since are lost to CDC; delete the table to rebuild the product from a new snapshot, or publish it as a new major version");
  }

  private static Captured capture(String suffix) throws Exception {
    String url = STACK.stack().postgres().database("shop");
    Map<String, String> replacements = Map.of(
        "SHOP_DB_URL", url, "public.customers", "public.customers_" + suffix, "customer-profiles", "customer-profiles-" + suffix);
    ProductPlan plan = Specs.compile(Specs.load("it/customer-profiles-cdc.yaml", replacements));
    return new Captured(plan, CustomersTable.postgres(url, "public.customers_" + suffix), new Topics(STACK.stack().kafka().clientProperties()),
        replacements);
  }

  private record Captured(ProductPlan plan, CustomersTable shop, Topics topics, Map<String, String> replacements) {
    Table table() {
      return STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    }

    String topic() {
      return plan.names().topic();
    }
  }

}
