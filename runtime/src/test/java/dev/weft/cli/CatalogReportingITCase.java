package dev.weft.cli;

import dev.weft.schedule.ScheduleStore;
import dev.weft.execute.ProductSession;
import dev.weft.schedule.QuartzSessionSchedules;
import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.catalogreport.CatalogConnection;
import dev.weft.plan.BatchWindow;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.WeftOptions;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableMaintenance;
import dev.weft.schedule.BatchRuns;
import dev.weft.schedule.ProductScheduler;
import dev.weft.schedule.RetryPolicy;
import dev.weft.schedule.RunnerBatchRuns;
import dev.weft.schedule.ScheduledTask;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two composed products (orders.order-events, and finance.big-orders reading it) run until idle on
 * the embedded stack, registered with and reporting to the catalog service started in-process on
 * the embedded PostgreSQL; everything is checked through the catalog's HTTP API.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogReportingITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  /** The in-process catalog's admin token, so that the test reads what only owners and the admin see (spec YAML). */
  private static final String ADMIN_TOKEN = "reporting-admin";

  static {
    STACK.options().set(WeftOptions.CATALOG_SERVICE_TOKEN, ADMIN_TOKEN);
    STACK.options().set(WeftOptions.CATALOG_SERVICE_PORT, 0);
    STACK.options().set(WeftOptions.CATALOG_REPORT_INTERVAL, Duration.ofSeconds(1));
  }

  private static CatalogConnection catalog;
  private static String startOutput;
  private static URI base;

  @BeforeAll
  static void startCatalog() {
    StringWriter text = new StringWriter();
    catalog = CatalogConnection.open(STACK.options(), Optional.of(STACK.stack().postgres()), new PrintWriter(text, true));
    startOutput = text.toString();
    base = catalog.url().orElseThrow();
  }

  @AfterAll
  static void stopCatalog() {
    catalog.close();
  }

  @Test
  @Order(1)
  void bothProductsAreRegisteredWithTheirLineageRunEventsAndMetrics() throws Exception {
    assertThat(startOutput).isEqualTo("catalog: " + base + "/ (web page), API " + base + "/api/v1, OpenAPI " + base + "/api/openapi.json\n");
    Instant first = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders", 1);
    topics.produce("shop.orders", orders(first));
    ProductSet set = ProductSet.compile(List.of(specs()));
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);

    int exit = new ProductSession(STACK.stack().runner(), out, new ProductStatus(STACK.stack().runner()), catalog.reporter(set, STACK.stack().runner(), STACK.options(), out), new QuartzSessionSchedules(STACK.stack().runner()))
        .run(set.plans(), true);

    assertThat(exit).as(text.toString()).isZero();
    assertThat(text.toString()).startsWith("catalog: orders.order-events 1.0.0 registered\n"
        + "catalog: finance.big-orders 2.0.0 registered\n"
        + "running orders.order-events until its inputs are drained …\n");

    JsonNode list = get("/api/v1/products");
    assertThat(list.get("count").asInt()).isEqualTo(2);
    assertThat(list.get("products").findValuesAsText("name")).containsExactly("big-orders", "order-events");

    JsonNode orders = get("/api/v1/products/orders/order-events");
    assertThat(orders.get("version").asText()).isEqualTo("1.0.0");
    assertThat(orders.get("owner").asText()).isEqualTo("orders-team@acme.example");
    assertThat(orders.get("description").asText()).isEqualTo("Every order placed in the shop.");
    assertThat(orders.get("tags")).isEqualTo(JSON.readTree("[\"sales\"]"));
    assertThat(orders.get("costCenter").asText()).isEqualTo("CC-1234");
    assertThat(orders.get("specYaml").asText()).isEqualTo(java.nio.file.Files.readString(specs().resolve("order-events.yaml")));
    assertThat(orders.get("schema")).isEqualTo(JSON.readTree("""
        {"primaryKey": [], "columns": [
          {"name": "order_id", "type": "BIGINT", "description": "Order id", "pii": false, "mask": null, "nullable": false},
          {"name": "customer_id", "type": "BIGINT", "description": null, "pii": false, "mask": null, "nullable": true},
          {"name": "order_total", "type": "DECIMAL(12,2)", "description": null, "pii": false, "mask": null, "nullable": true},
          {"name": "currency", "type": "STRING", "description": null, "pii": false, "mask": null, "nullable": true},
          {"name": "placed_at", "type": "TIMESTAMP_LTZ(3)", "description": null, "pii": false, "mask": null, "nullable": true}],
         "compatibility": "backward"}"""));
    assertThat(orders.get("sla")).isEqualTo(JSON.readTree("{\"freshness\": \"10m\", \"availability\": \"99.9%\"}"));
    assertThat(orders.get("quality")).isEqualTo(JSON.readTree("{\"minValidRatio\": 0.8}"));
    assertThat(orders.get("outputs")).isEqualTo(JSON.readTree(
        "{\"topic\": \"orders.order-events.v1\", \"table\": \"orders.order_events_v1\", \"deadLetterTopic\": \"orders.order-events.v1.dlq\"}"));
    assertThat(orders.get("access")).isEqualTo(JSON.readTree("{\"readers\": [\"finance\"]}"));
    assertThat(orders.get("inputs")).isEqualTo(JSON.readTree("[{\"name\": \"orders\", \"kind\": \"kafka\", \"source\": \"shop.orders\"}]"));
    assertThat(orders.get("columnLineage")).isEqualTo(JSON.readTree("""
        [{"column": "order_id", "from": [{"input": "orders", "column": "order_id"}]},
         {"column": "customer_id", "from": [{"input": "orders", "column": "customer_id"}]},
         {"column": "order_total", "from": [{"input": "orders", "column": "total"}]},
         {"column": "currency", "from": [{"input": "orders", "column": "currency"}]},
         {"column": "placed_at", "from": [{"input": "orders", "column": "created_at"}]}]"""));
    assertThat(orders.get("downstream")).isEqualTo(JSON.readTree("[\"finance.big-orders\"]"));

    // 20 records: one breaks positive-total, one known-currency, one is not JSON
    JsonNode status = orders.get("status");
    assertThat(status.get("state").asText()).as(status.toString()).isEqualTo("ok");
    assertThat(status.get("reasons")).isEmpty();
    assertThat(status.get("recordsIn").asLong()).isEqualTo(20);
    assertThat(status.get("recordsOut").asLong()).isEqualTo(17);
    assertThat(status.get("recordsRejected").asLong()).isEqualTo(3);
    assertThat(status.get("validRatio").decimalValue()).isEqualByComparingTo("0.85");
    assertThat(status.get("bytesToTopic").asLong()).isPositive();
    assertThat(status.get("bytesToTable").asLong()).isEqualTo(totalFilesSize(set.plans().get(0)));
    // the last commit's watermark: the newest order's time less the spec's 5s delay
    assertThat(status.get("newestEventTime").asText()).isEqualTo(first.plusSeconds(19 - 5).toString());
    assertThat(status.get("freshnessSeconds").asLong()).isBetween(46L, 600L);
    assertThat(status.get("freshnessSlaSeconds").asLong()).isEqualTo(600);
    // the dead-letter topic as the reporter read it: a letter per rule, where its input was read, the published record
    JsonNode deadLetters = get("/api/v1/products/orders/order-events/dead-letters");
    assertThat(deadLetters.get("counts")).isEqualTo(JSON.readTree("{\"known-currency\": 1, \"parse\": 1, \"positive-total\": 1}"));
    assertThat(deadLetters.get("latest").findValuesAsText("rule")).containsExactly("known-currency", "parse", "positive-total");
    assertThat(deadLetters.get("latest").findValuesAsText("source")).containsExactly("shop.orders/0@7", "shop.orders/0@11", "shop.orders/0@3");
    assertThat(JSON.readTree(deadLetters.at("/latest/2/record").asText()).get("order_id").asLong()).isEqualTo(3);
    assertThat(deadLetters.at("/latest/1/record").isNull()).isTrue();

    JsonNode big = get("/api/v1/products/finance/big-orders");
    assertThat(big.get("inputs")).isEqualTo(JSON.readTree(
        "[{\"name\": \"orders\", \"kind\": \"product\", \"source\": \"orders.order-events@1\"}]"));
    assertThat(big.get("status").get("recordsIn").asLong()).isEqualTo(17);
    assertThat(big.get("status").get("recordsOut").asLong()).isEqualTo(9);
    assertThat(big.get("status").get("recordsRejected").asLong()).isZero();

    assertThat(big.get("status").get("bytesToTopic").asLong()).isPositive();
    assertThat(big.get("status").get("bytesToTable").asLong()).isEqualTo(totalFilesSize(set.plans().get(1)));

    JsonNode lineage = get("/api/v1/lineage?product=finance.big-orders");
    assertThat(lineage.get("edges")).contains(JSON.readTree(
        "{\"from\": \"product:orders.order-events\", \"to\": \"product:finance.big-orders\", \"input\": \"orders\"}"));
    assertThat(lineage.get("columns")).isEqualTo(JSON.readTree("""
        [{"column": "order_id", "from": [{"input": "orders", "column": "order_id"}]},
         {"column": "order_total", "from": [{"input": "orders", "column": "order_total"}]}]"""));

    for (String product : List.of("orders/order-events", "finance/big-orders")) {
      JsonNode events = get("/api/v1/products/" + product + "/openlineage").get("events");
      assertThat(events.findValuesAsText("eventType")).as(product).containsExactly("START", "COMPLETE");
      assertThat(events.get(0).at("/run/runId")).isEqualTo(events.get(1).at("/run/runId"));
      assertThat(events.get(0).at("/job/name").asText()).isEqualTo(product.replace('/', '.'));
    }
    JsonNode start = get("/api/v1/products/orders/order-events/openlineage").get("events").get(0);
    assertThat(start.get("inputs")).isEqualTo(JSON.readTree("[{\"namespace\": \"kafka\", \"name\": \"shop.orders\"}]"));
    assertThat(start.get("outputs")).extracting(o -> o.get("namespace").asText() + "/" + o.get("name").asText())
        .containsExactly("kafka/orders.order-events.v1", "iceberg/orders.order_events_v1");
    assertThat(start.at("/outputs/0/facets/schema/fields").findValuesAsText("name"))
        .containsExactly("order_id", "customer_id", "order_total", "currency", "placed_at");

    // running the same versions again registers nothing new
    StringWriter again = new StringWriter();
    catalog.reporter(set, STACK.stack().runner(), STACK.options(), new PrintWriter(again, true)).submitting(set.plans());
    assertThat(again.toString()).isEqualTo("catalog: orders.order-events 1.0.0 already registered, unchanged\n"
        + "catalog: finance.big-orders 2.0.0 already registered, unchanged\n");
    assertThat(get("/api/v1/products/orders/order-events/versions").get("versions")).hasSize(1);
  }

  /** After the first test: reads the table it filled. */
  @Test
  @Order(2)
  void aBatchRunIsReportedWithItsRunEventsAndTheRowsItWrote() throws Exception {
    ProductSet set = ProductSet.compile(List.of(specs().resolve("order-events.yaml"),
        Path.of(CatalogReportingITCase.class.getResource("/specs/it/daily-order-totals.yaml").toURI())));
    ProductPlan totals = set.plans().stream().filter(ProductPlan::batch).findFirst().orElseThrow();
    StringWriter text = new StringWriter();
    ProductRunListener reporter = catalog.reporter(set, STACK.stack().runner(), STACK.options(), new PrintWriter(text, true));
    reporter.submitting(set.plans());
    assertThat(text.toString()).contains("catalog: finance.daily-order-totals 1.0.0 registered\n");

    long rows = new RunnerBatchRuns(STACK.stack().runner(), set.plans(), reporter)
        .run(totals, new BatchWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z")));

    JsonNode events = get("/api/v1/products/finance/daily-order-totals/openlineage").get("events");
    assertThat(events.findValuesAsText("eventType")).containsExactly("START", "COMPLETE");
    assertThat(events.get(0).get("inputs")).isEqualTo(JSON.readTree("[{\"namespace\": \"weft\", \"name\": \"orders.order-events\"}]"));
    JsonNode status = get("/api/v1/products/finance/daily-order-totals").get("status");
    // the 17 orders of the first test, all placed on one or two days in one currency
    assertThat(rows).isBetween(1L, 2L);
    assertThat(status.get("recordsOut").asLong()).isEqualTo(rows);
    assertThat(status.get("samples").asLong()).isPositive();

    // the same product's table maintenance, run by the scheduler: kept in the catalog's run history
    try (ProductScheduler scheduler = ProductScheduler.start(STACK.stack().catalog(), STACK.stack().runner().catalog(),
        BatchRuns.NONE, reporter, STACK.options())) {
      scheduler.schedule(ScheduledTask.of(totals, STACK.options()), totals.maintenance().keepSnapshots());
      scheduler.runNow(totals.versionedName(), MaintenanceTask.COMPACT);
      await(() -> runs("/api/v1/products/finance/daily-order-totals/runs").size() == 1, "the compaction in the catalog");
    }
    JsonNode run = runs("/api/v1/products/finance/daily-order-totals/runs").get(0);
    assertThat(run.get("task").asText()).isEqualTo("compact");
    assertThat(run.get("attempt").asInt()).isEqualTo(1);
    assertThat(run.get("status").asText()).isEqualTo("succeeded");
    // one file per day partition, one row per day: nothing to compact
    assertThat(run.get("liveFilesBefore").asLong()).isEqualTo(rows);
    assertThat(run.get("liveFilesAfter").asLong()).isEqualTo(rows);
    assertThat(run.get("message").isNull()).isTrue();

    // a run that throws (the product keeps every snapshot, so there is nothing it may expire): retried, failed both times
    try (ProductScheduler scheduler = ProductScheduler.start(ScheduleStore.of(STACK.stack().catalog()), STACK.stack().runner().catalog(),
        new TableMaintenance(Duration.ofDays(3)), BatchRuns.NONE, reporter, new RetryPolicy(1, Duration.ofMillis(200)), Clock.systemUTC())) {
      scheduler.runNow(totals.versionedName(), MaintenanceTask.EXPIRE_SNAPSHOTS);
      await(() -> runs("/api/v1/products/finance/daily-order-totals/runs").size() == 3, "the expiry and its retry in the catalog");
    }
    JsonNode runs = runs("/api/v1/products/finance/daily-order-totals/runs");
    for (int newest = 0; newest < 2; newest++) {
      assertThat(runs.get(newest).get("task").asText()).isEqualTo("expire-snapshots");
      assertThat(runs.get(newest).get("attempt").asInt()).isEqualTo(2 - newest);
      assertThat(runs.get(newest).get("status").asText()).isEqualTo("failed");
      assertThat(runs.get(newest).get("message").asText()).isEqualTo("product finance.daily-order-totals@1 keeps every snapshot of its table: "
          + "set outputs.table.keepSnapshots to expire them");
    }
  }

  private static JsonNode runs(String path) {
    try {
      return get(path).get("runs");
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aFailedRunIsReportedWithItsReason() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.strict-orders", 1);
    topics.produce("shop.strict-orders", List.of(Map.entry("1", "{\"order_id\": 1, \"total\": 5.00}"),
        Map.entry("2", "{\"order_id\": 2, \"total\": -5.00}")));
    ProductSet set = ProductSet.compile(List.of(Path.of(CatalogReportingITCase.class.getResource("/specs/catalog-it-fail").toURI())));
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);

    int exit = new ProductSession(STACK.stack().runner(), out, new ProductStatus(STACK.stack().runner()), catalog.reporter(set, STACK.stack().runner(), STACK.options(), out), new QuartzSessionSchedules(STACK.stack().runner()))
        .run(set.plans(), true);

    assertThat(exit).isEqualTo(1);
    String reason = text.toString().lines().filter(l -> l.startsWith("product orders.strict-orders failed: ")).findFirst().orElseThrow();
    assertThat(reason).contains("breaks rule(s) positive-total of product orders.strict-orders (quality.onViolation: fail)");
    JsonNode events = get("/api/v1/products/orders/strict-orders/openlineage").get("events");
    assertThat(events.findValuesAsText("eventType")).containsExactly("START", "FAIL");
    assertThat(events.get(1).at("/run/facets/errorMessage/message").asText()).isEqualTo(reason);
    assertThat(events.get(1).at("/run/runId")).isEqualTo(events.get(0).at("/run/runId"));
  }

  @Test
  void aStreamingRunStoppedBeforeItEndsIsReportedAborted() throws Exception {
    ProductSet set = ProductSet.compile(List.of(specs().resolve("order-events.yaml")));
    ProductPlan plan = set.plans().get(0);
    ProductRunListener reporter = catalog.reporter(set, STACK.stack().runner(), STACK.options(), new PrintWriter(new StringWriter(), true));
    reporter.submitting(set.plans());
    var product = STACK.stack().runner().start(plan, false, Optional.empty());
    reporter.started(product);
    product.cancel();
    reporter.stopped(product);

    JsonNode events = get("/api/v1/products/orders/order-events/openlineage").get("events");
    JsonNode last = events.get(events.size() - 1);
    assertThat(last.get("eventType").asText()).isEqualTo("ABORT");
    assertThat(events.get(events.size() - 2).get("eventType").asText()).isEqualTo("START");
    assertThat(last.at("/run/runId")).isEqualTo(events.get(events.size() - 2).at("/run/runId"));
  }

  @Test
  void aRestartIsRecordedInTheRunHistoryWithItsPauseAndCause() throws Exception {
    ProductSet set = ProductSet.compile(List.of(specs().resolve("order-events.yaml")));
    ProductPlan plan = set.plans().get(0);
    ProductRunListener reporter = catalog.reporter(set, STACK.stack().runner(), STACK.options(), new PrintWriter(new StringWriter(), true));
    reporter.submitting(set.plans());
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_RECORDS, 1L);
    var product = STACK.stack().runner().start(plan, false, Optional.empty());
    try {
      reporter.started(product);
      // the injected failure comes at a record after the first checkpoint: keep records coming until it has
      for (int i = 0; product.restarts().count() == 0 && i < 600; i++) {
        topics.produce("shop.orders", List.of(Map.entry(Integer.toString(90_000 + i),
            "{\"order_id\": " + (90_000 + i) + ", \"customer_id\": 1, \"total\": 5.00, \"currency\": \"eur\", \"created_at\": \"2026-12-01T00:00:00Z\"}")));
        Thread.sleep(200);
      }
      await(() -> product.restarts().count() == 1 && product.restarts().status() == org.apache.flink.api.common.JobStatus.RUNNING,
          "the product restarted");
      reporter.restarted(product, product.restarts());
    } finally {
      product.cancel();
      reporter.stopped(product);
      STACK.stack().runner().options().set(WeftOptions.FAIL_AFTER_RECORDS, 0L);
    }
    JsonNode restart = runs("/api/v1/products/orders/order-events/runs").get(0);
    assertThat(restart.get("task").asText()).isEqualTo("stream-restart");
    assertThat(restart.get("attempt").asInt()).isEqualTo(1);
    assertThat(restart.get("status").asText()).isEqualTo("failed");
    assertThat(restart.get("message").asText()).startsWith("restart 1 after ")
        .endsWith(" ms: dev.weft.jobs.chaos.FailureInjector$InjectedFailure: injected failure after 1 records (--fail-after-records)");
  }

  @Test
  void aCatalogThatRefusesTheRegistrationStartsNoProduct() throws Exception {
    Configuration options = new Configuration(STACK.options());
    options.set(WeftOptions.CATALOG_SERVICE_URL, base.toString());
    options.set(WeftOptions.CATALOG_SERVICE_TOKEN, "not-the-token");
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    ProductSet set = ProductSet.compile(List.of(specs()));
    try (CatalogConnection wrong = CatalogConnection.open(options, Optional.of(STACK.stack().postgres()), out)) {
      int exit = new ProductSession(STACK.stack().runner(), out, new ProductStatus(STACK.stack().runner()), wrong.reporter(set, STACK.stack().runner(), options, out), new QuartzSessionSchedules(STACK.stack().runner()))
          .run(set.plans(), true);

      assertThat(exit).isEqualTo(1);
    }
    assertThat(text.toString()).isEqualTo("catalog: registering products with " + base + "\n"
        + "product orders.order-events 1.0.0 is not started: the catalog refused GET /api/v1/products/orders/order-events/versions: 401 the bearer token is not one this catalog knows (unknown or revoked); an admin makes domain tokens with weft catalog token create --domain D\n");
  }

  @Test
  void anUnreachableCatalogStartsNoProduct() throws Exception {
    Configuration options = new Configuration(STACK.options());
    options.set(WeftOptions.CATALOG_SERVICE_URL, "http://localhost:1");
    options.set(WeftOptions.CATALOG_SERVICE_TOKEN, "token");
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    ProductSet set = ProductSet.compile(List.of(specs()));
    try (CatalogConnection unreachable = CatalogConnection.open(options, Optional.empty(), out)) {
      int exit = new ProductSession(STACK.stack().runner(), out, new ProductStatus(STACK.stack().runner()), unreachable.reporter(set, STACK.stack().runner(), options, out), new QuartzSessionSchedules(STACK.stack().runner()))
          .run(set.plans(), true);

      assertThat(exit).isEqualTo(1);
    }
    assertThat(text.toString()).isEqualTo("catalog: registering products with http://localhost:1\n"
        + "product orders.order-events 1.0.0 is not started: cannot reach the catalog at http://localhost:1 (GET /api/v1/products/orders/order-events/versions): ConnectException\n");
  }

  /** Orders one second apart, the last 41 seconds before the test began. */
  private static List<Map.Entry<String, String>> orders(Instant first) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      String json = i == 11
          ? "{\"order_id\": 11, "
          : "{\"order_id\": " + i + ", \"customer_id\": " + i + ", \"total\": " + (i == 3 ? "-" : "") + (i * 10 + 5) + ".25"
              + ", \"currency\": \"" + (i == 7 ? "xxx" : "eur") + "\", \"created_at\": \"" + first.plusSeconds(i) + "\"}";
      records.add(Map.entry(Integer.toString(i), json));
    }
    return records;
  }

  private static long totalFilesSize(ProductPlan plan) {
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    return Long.parseLong(table.currentSnapshot().summary().get("total-files-size"));
  }

  private static Path specs() throws Exception {
    return Path.of(CatalogReportingITCase.class.getResource("/specs/catalog-it").toURI());
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + ADMIN_TOKEN).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
