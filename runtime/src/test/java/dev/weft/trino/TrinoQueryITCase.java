package dev.weft.trino;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.RunningProduct;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableMaintenance;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.OrderFiles;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.TrinoQueries;
import dev.weft.testing.WeftCommandLine;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The example mesh's products on the embedded stack, read back through a real Trino coordinator
 * with trino-jdbc: what analysts see must be exactly what the products published.
 *
 * <p>Inputs: orders 1..120 over three days (2026-11-01..03 by id % 3), EUR for even ids and USD
 * for odd ones, total {@code id.25}, every tenth one with a negative total (a dead letter): 108
 * valid orders, 36 a day, totalling 6507.00. Payments 1..60 for order {@code 2 * id}, amount
 * {@code id.50}, every fifteenth one negative: 56 valid, 48 of them for a valid order.
 */
class TrinoQueryITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension().withTrino();

  private static ProductSet mesh;

  @BeforeAll
  static void runTheExampleProducts() throws Exception {
    mesh = ProductSet.compile(List.of(Path.of("../product-specs")));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders", 2);
    topics.create("psp.payments", 1);
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int id = 1; id <= 120; id++) {
      orders.add(Map.entry(Integer.toString(id), "{\"order_id\": " + id + ", \"customer_id\": " + ((id - 1) % 50 + 1)
          + ", \"total\": " + (id % 10 == 0 ? "-1.00" : id + ".25") + ", \"currency\": \"" + (id % 2 == 0 ? "eur" : "usd")
          + "\", \"channel\": \"web\", \"created_at\": \"2026-11-0" + (id % 3 + 1) + "T10:00:00Z\"}"));
    }
    topics.produce("shop.orders", orders);
    List<Map.Entry<String, String>> payments = new ArrayList<>();
    for (int id = 1; id <= 60; id++) {
      payments.add(Map.entry(Integer.toString(id), "{\"payment_id\": " + id + ", \"order_id\": " + 2 * id + ", \"amount\": "
          + (id % 15 == 0 ? "-1.00" : id + ".50") + ", \"method\": \"card\", \"captured_at\": \"2026-11-20T08:00:00Z\"}"));
    }
    topics.produce("psp.payments", payments);

    STACK.stack().runner().provision(mesh.plans());
    for (String product : List.of("orders.order-events", "finance.daily-revenue", "payments.payment-events")) {
      STACK.stack().runner().start(plan(product), true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    }
  }

  @Test
  void countsAndSumsOfAnAppendOnlyTable() throws Exception {
    assertThat(query("SELECT count(*), sum(order_total), min(order_id), max(order_id) FROM iceberg.orders.order_events_v1"))
        .containsExactly("108 | 6507.00 | 1 | 119");
    assertThat(query("SELECT currency, count(*) FROM iceberg.orders.order_events_v1 GROUP BY currency ORDER BY currency"))
        .containsExactly("EUR | 48", "USD | 60");
  }

  @Test
  void aPartitionedTableHasOnePartitionPerDayAndPrunesByIt() throws Exception {
    assertThat(query("SELECT CAST(partition.placed_at_day AS varchar), record_count, file_count > 0 "
        + "FROM iceberg.orders.\"order_events_v1$partitions\" ORDER BY 1"))
        .containsExactly("2026-11-01 | 36 | true", "2026-11-02 | 36 | true", "2026-11-03 | 36 | true");
    assertThat(query("SELECT count(*), sum(order_total) FROM iceberg.orders.order_events_v1 "
        + "WHERE placed_at >= TIMESTAMP '2026-11-02 00:00:00 UTC' AND placed_at < TIMESTAMP '2026-11-03 00:00:00 UTC'"))
        .containsExactly("36 | 2169.00");
  }

  @Test
  void anUpsertAggregateTableHoldsTheLatestRowPerKey() throws Exception {
    // every order updates its day's row: what is left after the equality deletes is the final aggregate
    List<String> expected = List.of(
        "2026-11-01 | EUR | 16 | 964.00", "2026-11-01 | USD | 20 | 1205.00",
        "2026-11-02 | EUR | 16 | 1004.00", "2026-11-02 | USD | 20 | 1165.00",
        "2026-11-03 | EUR | 16 | 924.00", "2026-11-03 | USD | 20 | 1245.00");
    assertThat(query("SELECT order_day, currency, orders, revenue FROM iceberg.finance.daily_revenue_v1 ORDER BY 1, 2"))
        .containsExactlyElementsOf(expected);
    assertThat(query("SELECT CAST(date(placed_at) AS varchar), currency, count(*), sum(order_total) "
        + "FROM iceberg.orders.order_events_v1 GROUP BY 1, 2 ORDER BY 1, 2")).containsExactlyElementsOf(expected);
    assertThat(query("SELECT partition.order_day FROM iceberg.finance.\"daily_revenue_v1$partitions\" ORDER BY 1"))
        .containsExactly("2026-11-01", "2026-11-02", "2026-11-03");
  }

  @Test
  void aJoinAcrossTwoProductsTables() throws Exception {
    assertThat(query("SELECT count(*), sum(amount) FROM iceberg.payments.payment_events_v1")).containsExactly("56 | 1708.00");
    assertThat(query("SELECT CAST(date(o.placed_at) AS varchar), count(*), sum(p.amount), sum(o.order_total) "
        + "FROM iceberg.payments.payment_events_v1 p JOIN iceberg.orders.order_events_v1 o ON p.order_id = o.order_id "
        + "GROUP BY 1 ORDER BY 1"))
        .containsExactly("2026-11-01 | 16 | 488.00 | 964.00", "2026-11-02 | 16 | 508.00 | 1004.00", "2026-11-03 | 16 | 468.00 | 924.00");
  }

  @Test
  void aKeyDeletedAtTheSourceIsGoneFromTheUpsertTable() throws Exception {
    ProductPlan profiles = plan("customers.customer-profiles");
    RunningProduct product = STACK.stack().runner().start(profiles, false, Optional.empty());
    try {
      Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(profiles));
      // seeded customers 1..52; 51 and 52 have a tier the product's rule refuses
      await(() -> Tables.readAll(table).size() == 50, "the snapshot of the shop's customers committed");
      assertThat(query("SELECT tier, count(*) FROM iceberg.customers.customer_profiles_v1 GROUP BY tier ORDER BY tier"))
          .containsExactly("bronze | 17", "gold | 16", "silver | 17");

      try (Connection shop = DriverManager.getConnection(STACK.stack().shop().url(), STACK.stack().shop().user(), "");
          Statement change = shop.createStatement()) {
        change.executeUpdate("UPDATE public.customers SET tier = 'gold', updated_at = now() WHERE customer_id = 7");
        change.executeUpdate("DELETE FROM public.customers WHERE customer_id = 8");
      }
      await(() -> Tables.readAll(table).size() == 49, "the deleted customer gone from the table");

      assertThat(query("SELECT count(*) FROM iceberg.customers.customer_profiles_v1 WHERE customer_id = 8")).containsExactly("0");
      assertThat(query("SELECT customer_id, email, tier, country FROM iceberg.customers.customer_profiles_v1 "
          + "WHERE customer_id IN (6, 7, 8, 9) ORDER BY 1"))
          .containsExactly("6 | customer6@example.com | gold | GB", "7 | customer7@example.com | gold | NL",
              "9 | customer9@example.com | gold | FR");
      assertThat(query("SELECT tier, count(*) FROM iceberg.customers.customer_profiles_v1 GROUP BY tier ORDER BY tier"))
          .containsExactly("bronze | 16", "gold | 17", "silver | 16");
      // the delete and the update reached the table as equality deletes (content 2), which Trino applied
      assertThat(query("SELECT count(*) > 0 FROM iceberg.customers.\"customer_profiles_v1$files\" WHERE content = 2"))
          .containsExactly("true");
    } finally {
      product.cancel();
    }
  }

  @Test
  void aColumnAddedToTheTableReadsAsNullForRowsWrittenBefore() throws Exception {
    // Weft itself never evolves a table (a schema change is a new major version, a new table); other
    // Iceberg writers may, and Trino must read the result. A copy of the payments table keeps the others intact.
    query("CREATE TABLE iceberg.payments.payments_evolved AS SELECT * FROM iceberg.payments.payment_events_v1");
    Table table = STACK.stack().runner().catalog().loadTable(
        TableIdentifier.of("payments", "payments_evolved"));
    table.updateSchema().addColumn("note", Types.StringType.get()).renameColumn("method", "payment_method").commit();

    assertThat(query("SELECT count(*), count(note), count(payment_method), sum(amount) FROM iceberg.payments.payments_evolved"))
        .containsExactly("56 | 0 | 56 | 1708.00");
    assertThat(query("SELECT column_name FROM iceberg.information_schema.columns "
        + "WHERE table_schema = 'payments' AND table_name = 'payments_evolved' ORDER BY ordinal_position"))
        .containsExactly("payment_id", "order_id", "amount", "payment_method", "captured_at", "note");
  }

  @Test
  void weftQueryPrintsATableAndTrinosMessageForBadSql() throws Exception {
    WeftCommandLine weft = new WeftCommandLine();
    String url = STACK.stack().trino().orElseThrow().jdbcUrl();
    int exit = weft.run("query", "SELECT order_day, currency, orders, revenue FROM finance.daily_revenue_v1 "
        + "WHERE order_day = '2026-11-01' ORDER BY currency", "--trino", url);
    assertThat(exit).as(weft.err()).isZero();
    assertThat(weft.out()).isEqualTo("""
         order_day  | currency | orders | revenue
        ------------+----------+--------+---------
         2026-11-01 | EUR      |     16 |  964.00
         2026-11-01 | USD      |     20 | 1205.00
        (2 rows)
        """);

    // no --trino: the Trino this stack started, found through its work dir
    weft.clear();
    exit = weft.run("query", "SELECT count(*) AS paid FROM payments.payment_events_v1", "--work-dir", STACK.workDir().toString());
    assertThat(exit).as(weft.err()).isZero();
    assertThat(weft.out()).isEqualTo(" paid\n------\n   56\n(1 row)\n");

    weft.clear();
    assertThat(weft.run("query", "SELECT nope FROM orders.order_events_v1", "--trino", url)).isEqualTo(1);
    assertThat(weft.err()).isEqualTo("line 1:8: Column 'nope' cannot be resolved\n");
    assertThat(weft.out()).isEmpty();
  }

  @Test
  void weftDevWithTrinoSaysHowToConnectAndStopsTrinoWhenItStops() throws Exception {
    Path work = Files.createTempDirectory("weft-dev-trino-");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    WeftCommandLine weft = new WeftCommandLine();
    int exit = weft.run("dev", "../product-specs/payments", "--until-idle", "--records", "20", "--with-trino",
        "--trino-port", Integer.toString(port), "--work-dir", work.toString(), "--checkpoint-interval", "1s");

    assertThat(exit).as(weft.err()).isZero();
    assertThat(weft.out()).contains("\n  Trino            jdbc:trino://127.0.0.1:" + port + "/iceberg (any user name, no password; server log "
        + work.resolve("trino/server.log") + ")\n"
        + "                   weft query \"SHOW SCHEMAS FROM iceberg\" --work-dir " + work + "\n"
        + "                   java -jar trino-cli-476-executable.jar --server http://127.0.0.1:" + port + " --catalog iceberg   "
        + "(the CLI: mvn dependency:copy -Dartifact=io.trino:trino-cli:476:jar:executable -DoutputDirectory=.)\n"
        + "                   BI tools: the Trino JDBC driver (io.trino:trino-jdbc:476) with the URL above\n"
        + "  Trino access     as " + System.getProperty("user.name") + " (you): everything; as a domain's user (weft query --user orders): "
        + "what `weft access --format trino-rules` gives it; rules in " + work.resolve("trino/etc/rules.json") + "\n");
    assertThat(work.resolve("trino/etc/rules.json")).content().contains("\"user\" : \"payments\"", "\"user\" : \"finance\"");
    assertThat(work.resolve("trino/server.log")).content().contains("======== SERVER STARTED ========");
    // stopped with weft dev: nothing left for weft query to find, no process running on its config
    assertThat(work.resolve("trino/" + TrinoServer.URL_FILE)).doesNotExist();
    String config = work.resolve("trino/etc/config.properties").toString();
    assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(config))).isEmpty();
  }

  @Test
  void compactionOf200SmallCommitsLeavesTrinosAnswersAsTheyWere() throws Exception {
    ProductPlan small = Specs.compile(Specs.load("it/order-events.yaml", Map.of("order-events", "order-events-small-files")));
    Table table = OrderFiles.tableOfSmallCommits(STACK.stack().runner().catalog(), small, 200);
    String totals = "SELECT count(*), count(DISTINCT order_id), sum(order_total) FROM iceberg.orders.order_events_small_files_v1";
    String perDay = "SELECT CAST(date(placed_at) AS varchar), count(*), sum(order_total) FROM iceberg.orders.order_events_small_files_v1 "
        + "GROUP BY 1 ORDER BY 1";
    String files = "SELECT count(*) FROM iceberg.orders.\"order_events_small_files_v1$files\"";
    // orders 0..999 of id.50: 0..499 on 2026-11-01, 500..999 on 2026-11-02
    assertThat(query(totals)).containsExactly("1000 | 1000 | 500000.00");
    assertThat(query(perDay)).containsExactly("2026-11-01 | 500 | 125000.00", "2026-11-02 | 500 | 375000.00");
    assertThat(query(files)).containsExactly("200");

    new TableMaintenance(Duration.ofDays(3)).run(small.product(), table, MaintenanceTask.COMPACT, small.maintenance(), Instant.now());

    assertThat(query(files)).containsExactly("2");
    assertThat(query(totals)).containsExactly("1000 | 1000 | 500000.00");
    assertThat(query(perDay)).containsExactly("2026-11-01 | 500 | 125000.00", "2026-11-02 | 500 | 375000.00");
  }

  private static ProductPlan plan(String product) {
    return mesh.plans().stream().filter(p -> p.product().equals(product)).findFirst().orElseThrow();
  }

  /** The rows of a query, each as its values joined by " | ". */
  private static List<String> query(String sql) throws SQLException {
    // as the user running Weft, whom the stack's access rules allow everything (TrinoAccessITCase checks the domains)
    return TrinoQueries.rows(STACK.stack().trino().orElseThrow().jdbcUrl(), System.getProperty("user.name"), sql);
  }
}
