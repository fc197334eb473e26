package dev.weft.cli;

import dev.weft.execute.ProductSession;
import dev.weft.schedule.QuartzSessionSchedules;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.catalogreport.CatalogConnection;
import dev.weft.plan.ProductSet;
import dev.weft.execute.WeftOptions;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * One product through its versions on the embedded stack, registered with the in-process catalog:
 * 1.0.0 with a downstream product reading {@code @1}; 1.1.0 adds a column (backward compatible: its
 * table evolves); 1.2.0 narrows a type and is refused before anything runs; 2.0.0 makes that change
 * as a new major, which publishes to a new topic and table while 1.x keeps running; then 1 is
 * retired.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MajorVersionsITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "major-versions-token";

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  static {
    STACK.options().set(WeftOptions.CATALOG_SERVICE_PORT, 0);
    STACK.options().set(WeftOptions.CATALOG_SERVICE_TOKEN, TOKEN);
    STACK.options().set(WeftOptions.CATALOG_REPORT_INTERVAL, java.time.Duration.ofSeconds(1));
  }

  @TempDir static Path specs;
  private static CatalogConnection catalog;
  private static URI base;

  @BeforeAll
  static void start() throws Exception {
    catalog = CatalogConnection.open(STACK.options(), Optional.of(STACK.stack().postgres()), new PrintWriter(new StringWriter(), true));
    base = catalog.url().orElseThrow();
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders", 1);
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      orders.add(Map.entry(Integer.toString(i), "{\"order_id\": " + i + ", \"total\": " + (i * 30) + ".50, \"currency\": \"eur\"}"));
    }
    topics.produce("shop.orders", orders);
    write("big-orders.yaml", """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: big-orders, domain: finance, version: 1.0.0, owner: finance-team@acme.example }
        inputs:
          - name: orders
            product: orders.order-events@1
        schema:
          columns:
            - { name: order_id, type: BIGINT, nullable: false }
            - { name: order_total, type: "DECIMAL(12,2)" }
        transform: SELECT order_id, order_total FROM orders WHERE order_total >= 100
        """);
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  /** The order-events spec at {@code version}, publishing {@code columns} computed by {@code select}. */
  private static Path orderEvents(String file, String version, String columns, String select) throws Exception {
    return write(file, """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: order-events, domain: orders, version: %s, owner: orders-team@acme.example }
        inputs:
          - name: orders
            kafka:
              topic: shop.orders
              columns:
                - { name: order_id, type: BIGINT }
                - { name: total, type: "DECIMAL(12,2)" }
                - { name: currency, type: STRING }
        schema:
          columns:
        %s
        transform: SELECT %s FROM orders
        """.formatted(version, columns.indent(4).stripTrailing(), select));
  }

  private static final String V1_COLUMNS = """
      - { name: order_id, type: BIGINT, nullable: false }
      - { name: order_total, type: "DECIMAL(12,2)" }
      - { name: currency, type: STRING }""";

  private static Path write(String file, String text) throws Exception {
    return Files.writeString(specs.resolve(file), text);
  }

  private static String run(boolean expectSuccess, Path... files) throws Exception {
    ProductSet set = ProductSet.compile(List.of(files));
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text, true);
    int exit = new ProductSession(STACK.stack().runner(), out, new ProductStatus(STACK.stack().runner()), catalog.reporter(set, STACK.stack().runner(), STACK.options(), out), new QuartzSessionSchedules(STACK.stack().runner()))
        .run(set.plans(), true);
    assertThat(exit).as(text.toString()).isEqualTo(expectSuccess ? 0 : 1);
    return text.toString();
  }

  @Test
  @Order(1)
  void theFirstVersionAndAProductReadingItRun() throws Exception {
    Path v1 = orderEvents("order-events-1.0.0.yaml", "1.0.0", V1_COLUMNS, "order_id, total AS order_total, UPPER(currency) AS currency");
    String output = run(true, v1, specs.resolve("big-orders.yaml"));
    assertThat(output).startsWith("catalog: orders.order-events 1.0.0 registered\ncatalog: finance.big-orders 1.0.0 registered\n");
    assertThat(rows("orders.order_events_v1")).hasSize(10);
    assertThat(rows("finance.big_orders_v1")).hasSize(7);
  }

  @Test
  @Order(2)
  void aCompatibleMinorVersionEvolvesTheTableAndPublishesOnInTheSameTopic() throws Exception {
    Path v11 = orderEvents("order-events-1.1.0.yaml", "1.1.0", V1_COLUMNS + "\n- { name: channel, type: STRING }",
        "order_id, total AS order_total, UPPER(currency) AS currency, 'web' AS channel");
    new Topics(STACK.stack().kafka().clientProperties()).produce("shop.orders", List.of(
        Map.entry("11", "{\"order_id\": 11, \"total\": 330.50, \"currency\": \"eur\"}"),
        Map.entry("12", "{\"order_id\": 12, \"total\": 360.50, \"currency\": \"eur\"}")));
    String output = run(true, v11);
    assertThat(output).startsWith("catalog: orders.order-events 1.1.0 registered as a new version\n");
    Table table = STACK.stack().catalog().open().loadTable(TableIdentifier.parse("orders.order_events_v1"));
    assertThat(table.schema().columns()).extracting(f -> f.name() + " " + f.type() + (f.isRequired() ? " required" : ""))
        .containsExactly("order_id long required", "order_total decimal(12, 2)", "currency string", "channel string");
    // 1.1.0 goes on where 1.0.0 stopped: the two new orders once each, with the new column
    assertThat(rows("orders.order_events_v1")).extracting(r -> r.getField("order_id") + " " + r.getField("channel"))
        .containsExactlyInAnyOrder("1 null", "2 null", "3 null", "4 null", "5 null", "6 null", "7 null", "8 null", "9 null", "10 null",
            "11 web", "12 web");
    assertThat(new Topics(STACK.stack().kafka().clientProperties()).readAll("orders.order-events.v1")).extracting(Topics::value)
        .hasSize(12).contains("{\"order_id\":12,\"order_total\":360.5,\"currency\":\"EUR\",\"channel\":\"web\"}");
  }

  @Test
  @Order(3)
  void aBreakingChangeWithinTheMajorIsRefusedBeforeAnythingRuns() throws Exception {
    Path v12 = orderEvents("order-events-1.2.0.yaml", "1.2.0", V1_COLUMNS.replace("DECIMAL(12,2)", "DECIMAL(10,2)")
        + "\n- { name: channel, type: STRING }", "order_id, CAST(total AS DECIMAL(10,2)) AS order_total, UPPER(currency) AS currency, 'web' AS channel");
    String breaking = v12 + ":15:7: schema is not backward compatible with orders.order-events 1.1.0 in the catalog: column 'order_total'"
        + " changed from DECIMAL(12,2) to DECIMAL(10,2) (narrowed): not every value 1.1.0 published fits DECIMAL(10,2);"
        + " a breaking change needs a new major version (2.0.0)";
    assertThat(run(false, v12)).isEqualTo("product orders.order-events 1.2.0 is not started:\n" + breaking + "\n");

    WeftCommandLine validate = new WeftCommandLine();
    assertThat(validate.run("validate", v12.toString(), "--catalog-url", base.toString())).isEqualTo(1);
    assertThat(validate.err()).isEqualTo(breaking + "\n1 breaking schema change(s)\n");
    assertThat(versions()).containsExactly("1.0.0", "1.1.0");
  }

  @Test
  @Order(4)
  void theBreakingChangeAsANewMajorPublishesBesideTheOldOne() throws Exception {
    Path v2 = orderEvents("order-events-2.0.0.yaml", "2.0.0", """
        - { name: order_id, type: BIGINT, nullable: false }
        - { name: order_total, type: "DECIMAL(10,2)" }""", "order_id, CAST(total AS DECIMAL(10,2)) AS order_total");
    String output = run(true, specs.resolve("order-events-1.1.0.yaml"), v2, specs.resolve("big-orders.yaml"));
    assertThat(output).startsWith("catalog: orders.order-events 1.1.0 already registered, unchanged\n"
        + "catalog: orders.order-events 2.0.0 registered as a new version\n"
        + "catalog: finance.big-orders 1.0.0 already registered, unchanged\n");

    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    assertThat(topics.readAll("orders.order-events.v1")).hasSize(12);
    assertThat(topics.readAll("orders.order-events.v2")).extracting(Topics::value).first()
        .isEqualTo("{\"order_id\":1,\"order_total\":30.5}");
    assertThat(topics.readAll("orders.order-events.v2")).hasSize(12);
    assertThat(rows("orders.order_events_v1")).hasSize(12);
    assertThat(rows("orders.order_events_v2")).hasSize(12);
    assertThat(rows("finance.big_orders_v1")).extracting(r -> r.getField("order_id"))
        .containsExactlyInAnyOrder(4L, 5L, 6L, 7L, 8L, 9L, 10L, 11L, 12L);

    JsonNode product = get("/api/v1/products/orders/order-events");
    assertThat(product.get("version").asText()).isEqualTo("2.0.0");
    assertThat(product.get("outputs").get("topic").asText()).isEqualTo("orders.order-events.v2");
    assertThat(product.get("majors")).isEqualTo(JSON.readTree(
        "[{\"major\":1,\"latestVersion\":\"1.1.0\",\"retiredAt\":null,\"retiredBecause\":null},"
            + "{\"major\":2,\"latestVersion\":\"2.0.0\",\"retiredAt\":null,\"retiredBecause\":null}]"));
    assertThat(versions()).containsExactly("1.0.0", "1.1.0", "2.0.0");
    assertThat(product.get("downstream")).isEqualTo(JSON.readTree("[\"finance.big-orders\"]"));
    JsonNode bigOrders = get("/api/v1/products/finance/big-orders");
    assertThat(bigOrders.get("inputs")).isEqualTo(JSON.readTree("[{\"name\":\"orders\",\"kind\":\"product\",\"source\":\"orders.order-events@1\"}]"));
  }

  @Test
  @Order(5)
  void majorOneIsRetiredOnceNothingReadsItAndThenRunsNoMore() throws Exception {
    CatalogClient client = new CatalogClient(base, TOKEN);
    assertThatThrownBy(() -> client.retire("orders", "order-events", 1, "2.0.0 replaces it", false))
        .isInstanceOf(CatalogException.class)
        .hasMessage("the catalog refused POST /api/v1/products/orders/order-events/majors/1/retire: 409 product orders.order-events@1"
            + " is still read by finance.big-orders; move them to another major first, or retire it with force=true");

    // a session streaming 1.1.0 stops it once the catalog says major 1 is retired
    ProductSet set = ProductSet.compile(List.of(specs.resolve("order-events-1.1.0.yaml")));
    StringWriter session = new StringWriter();
    PrintWriter out = new PrintWriter(session, true);
    java.util.concurrent.CompletableFuture<Integer> streaming = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
      try {
        return new ProductSession(STACK.stack().runner(), out, new ProductStatus(STACK.stack().runner()), catalog.reporter(set, STACK.stack().runner(), STACK.options(), out), new QuartzSessionSchedules(STACK.stack().runner()))
            .run(set.plans(), false);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    });
    dev.weft.testing.Eventually.await(() -> session.toString().contains("products are running"), "the session to stream 1.1.0");

    WeftCommandLine retire = new WeftCommandLine();
    assertThat(retire.run("retire", specs.resolve("order-events-1.1.0.yaml").toString(), "--reason", "2.0.0 replaces it",
        "--force", "--catalog-url", base.toString(), "--catalog-token", TOKEN)).as(retire.err()).isZero();
    assertThat(retire.out()).matches("orders\\.order-events@1 retired at \\S+; its topic orders\\.order-events\\.v1 and table"
        + " orders\\.order_events_v1 stay, sessions running it stop it\n");
    assertThat(streaming.get(60, java.util.concurrent.TimeUnit.SECONDS)).as(session.toString()).isZero();
    assertThat(session.toString()).containsPattern("\nproduct orders\\.order-events@1 stopped: retired in the catalog at \\S+: 2\\.0\\.0 replaces it"
        + " \\(its topic orders\\.order-events\\.v1 and table orders\\.order_events_v1 stay\\)\n");

    assertThat(run(false, specs.resolve("order-events-1.1.0.yaml"))).matches("product orders\\.order-events 1\\.1\\.0 is not started:"
        + " the catalog refused POST /api/v1/products: 409 product orders\\.order-events@1 was retired at \\S+ \\(2\\.0\\.0 replaces it\\);"
        + " a retired major takes no new versions: publish 2\\.0\\.0 or later\n");
    assertThat(get("/api/v1/products/orders/order-events").get("majors").get(0).get("retiredBecause").asText()).isEqualTo("2.0.0 replaces it");
    // its data stays for whoever still reads it
    assertThat(rows("orders.order_events_v1")).hasSize(12);
  }

  private static List<Record> rows(String table) {
    return Tables.readAll(STACK.stack().catalog().open().loadTable(TableIdentifier.parse(table)));
  }

  private static List<String> versions() throws Exception {
    List<String> versions = new ArrayList<>();
    get("/api/v1/products/orders/order-events/versions").get("versions").forEach(v -> versions.add(v.get("version").asText()));
    return versions;
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve(path)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
