package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.catalog.client.CatalogTrust;
import dev.weft.catalog.http.JsonBodies;
import dev.weft.catalog.openlineage.RunEventBuilder;
import dev.weft.catalog.product.ProductRegistration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may do what in the catalog: per-domain tokens checked against the object of each write, reads
 * behind --read-auth, spec YAML for owners only, registrations racing on one major, topic and table
 * names owned by one product, and TLS. One embedded PostgreSQL and one service for the class.
 */
class CatalogTrustITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ADMIN = "Bearer " + CatalogFixture.TOKEN;
  private static final String UNKNOWN = "the bearer token is not one this catalog knows (unknown or revoked); "
      + "an admin makes domain tokens with weft catalog token create --domain D";
  private static final String NO_TOKEN = "this request writes to the catalog and needs the header 'Authorization: Bearer <token>'";
  private static final String WRITTEN = "product, product_version, product_tag, product_column, product_input, openlineage_event, "
      + "metrics_sample, product_run, major_retirement, product_output_name, dead_letter_count, dead_letter";

  @TempDir static Path data;
  private static CatalogFixture catalog;

  @BeforeAll
  static void start() throws Exception {
    catalog = new CatalogFixture(data.resolve("postgres"));
  }

  @AfterAll
  static void stop() throws Exception {
    catalog.close();
  }

  @BeforeEach
  void clear() throws Exception {
    catalog.clear();
  }

  private static String token(String domain) throws Exception {
    HttpResponse<String> made = catalog.post("/api/v1/tokens", "{\"domain\": \"" + domain + "\"}", ADMIN);
    assertThat(made.statusCode()).as(made.body()).isEqualTo(201);
    return "Bearer " + JSON.readTree(made.body()).get("token").asText();
  }

  private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
    ObjectNode expected = JSON.createObjectNode().put("error", message).put("status", status);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body())).isEqualTo(expected);
  }

  /** Rows of every table a write could touch, by table. */
  private static Map<String, Long> written() throws Exception {
    Map<String, Long> counts = new TreeMap<>();
    for (String table : WRITTEN.split(", ")) {
      counts.put(table, catalog.count(table));
    }
    return counts;
  }

  private static String forbidden(String caller, String action, String owner) {
    return "the token of domain '" + caller + "' may not " + action + " of domain '" + owner + "'; only a token of domain '" + owner
        + "' or the admin token may";
  }

  private static String runEvent(String job) throws Exception {
    ProductRegistration registration = JsonBodies.mapper().readValue(Registrations.customerProfiles("1.0.0"), ProductRegistration.class);
    ObjectNode event = new RunEventBuilder(JSON, registration, UUID.fromString("3f1c0a52-8d2e-4c57-9b7e-1f6a2d9c0e11"))
        .start(CatalogFixture.NOW.minusSeconds(60));
    ((ObjectNode) event.get("job")).put("name", job);
    return event.toString();
  }

  private static final String METRICS = "{\"timestamp\": \"2026-12-01T09:59:00Z\", \"intervalSeconds\": 60, \"recordsIn\": 5}";
  private static final String DEAD_LETTERS = "{\"timestamp\": \"2026-12-01T09:59:00Z\", \"counts\": {\"parse\": 1}, \"latest\": "
      + "[{\"rule\": \"parse\", \"reason\": \"not JSON\", \"failedAt\": \"2026-12-01T09:58:00Z\"}]}";
  private static final String RUN = "{\"task\": \"compact\", \"attempt\": 1, \"startedAt\": \"2026-12-01T04:00:00Z\", "
      + "\"endedAt\": \"2026-12-01T04:00:01Z\", \"status\": \"succeeded\"}";

  @Test
  void eachWriteRouteTakesOnlyTheOwnersTokenOrTheAdminsAndAnythingElseWritesNothing() throws Exception {
    String customers = token("customers");
    String orders = token("orders");
    String revoked = token("customers");
    assertThat(catalog.post("/api/v1/tokens/3/revoke", "", ADMIN).statusCode()).isEqualTo(200);
    String profiles = "/api/v1/products/customers/customer-profiles";
    // what each write route sends, for the product customers.customer-profiles
    Map<String, String[]> routes = new java.util.LinkedHashMap<>();
    routes.put("register products", new String[] {"/api/v1/products", Registrations.customerProfiles("1.0.0")});
    routes.put("report metrics of products", new String[] {profiles + "/metrics", METRICS});
    routes.put("record runs of products", new String[] {profiles + "/runs", RUN});
    routes.put("report dead letters of products", new String[] {profiles + "/dead-letters", DEAD_LETTERS});
    routes.put("send run events of products", new String[] {"/api/v1/lineage/openlineage", runEvent("customers.customer-profiles")});
    routes.put("retire products", new String[] {profiles + "/majors/1/retire", "{\"reason\": \"replaced by 2\"}"});

    for (Map.Entry<String, String[]> route : routes.entrySet()) {
      String path = route.getValue()[0];
      String body = route.getValue()[1];
      Map<String, Long> before = written();
      assertError(catalog.post(path, body, null), 401, NO_TOKEN);
      assertError(catalog.post(path, body, "Bearer wct_not-a-token"), 401, UNKNOWN);
      assertError(catalog.post(path, body, "Bearer guessed"), 401, UNKNOWN);
      assertError(catalog.post(path, body, revoked), 401, UNKNOWN);
      assertError(catalog.post(path, body, orders), 403, forbidden("orders", route.getKey(), "customers"));
      assertThat(written()).as(path + " refused").isEqualTo(before);
      HttpResponse<String> owner = catalog.post(path, body, customers);
      assertThat(owner.statusCode()).as(path + ": " + owner.body()).isIn(200, 201);
    }
    assertThat(written()).isEqualTo(Map.ofEntries(Map.entry("product", 1L), Map.entry("product_version", 1L),
        Map.entry("product_tag", 2L), Map.entry("product_column", 3L), Map.entry("product_input", 1L), Map.entry("openlineage_event", 1L),
        Map.entry("metrics_sample", 1L), Map.entry("product_run", 1L), Map.entry("major_retirement", 1L),
        Map.entry("product_output_name", 3L), Map.entry("dead_letter_count", 1L), Map.entry("dead_letter", 1L)));

    // the admin may write any domain's products; a domain token cannot name another domain through the body
    assertThat(catalog.post("/api/v1/products", Registrations.orderEvents(), ADMIN).statusCode()).isEqualTo(201);
    assertThat(catalog.post("/api/v1/products/orders/order-events/metrics", METRICS, ADMIN).statusCode()).isEqualTo(201);
    assertError(catalog.post("/api/v1/lineage/openlineage", runEvent("orders.order-events"), customers), 403,
        forbidden("customers", "send run events of products", "orders"));
    assertError(catalog.post("/api/v1/lineage/openlineage", runEvent("adhoc-job"), customers), 403,
        "the token of domain 'customers' may not send run events of a job that is no product (adhoc-job); only the admin token may");
    assertThat(catalog.count("openlineage_event")).isEqualTo(1);
  }

  @Test
  void onlyTheAdminManagesTokensAndTheCatalogKeepsOnlyTheirHashes() throws Exception {
    String orders = token("orders");
    String secret = orders.substring("Bearer ".length());
    assertThat(secret).startsWith("wct_").hasSize(4 + 43);
    assertError(catalog.post("/api/v1/tokens", "{\"domain\": \"orders\"}", orders), 403,
        "the token of domain 'orders' may not make catalog tokens; only the admin token may");
    assertError(catalog.get("/api/v1/tokens", orders), 403, "the token of domain 'orders' may not list catalog tokens; only the admin token may");
    assertError(catalog.post("/api/v1/tokens/1/revoke", "", orders), 403,
        "the token of domain 'orders' may not revoke catalog tokens; only the admin token may");
    assertError(catalog.get("/api/v1/tokens"), 401, "this request needs the header 'Authorization: Bearer <token>'");
    assertError(catalog.post("/api/v1/tokens", "{\"domain\": \"Orders!\"}", ADMIN), 400,
        "domain: must be kebab-case ([a-z][a-z0-9]*(-[a-z0-9]+)*), was 'Orders!'");
    assertError(catalog.post("/api/v1/tokens/9/revoke", "", ADMIN), 404, "no catalog token has id 9 (weft catalog token list shows them)");
    assertThat(catalog.count("catalog_token")).isEqualTo(1);

    assertThat(JSON.readTree(catalog.get("/api/v1/tokens", ADMIN).body())).isEqualTo(JSON.readTree(
        "{\"tokens\": [{\"id\": 1, \"domain\": \"orders\", \"createdAt\": \"2026-12-01T10:00:00Z\", \"revokedAt\": null}]}"));
    try (var connection = catalog.database.connect(); var select = connection.createStatement();
        var row = select.executeQuery("SELECT token_sha256 FROM catalog_token")) {
      row.next();
      String stored = row.getString(1);
      assertThat(stored).hasSize(64).doesNotContain(secret.substring(4));
      assertThat(stored).isEqualTo(java.util.HexFormat.of().formatHex(
          java.security.MessageDigest.getInstance("SHA-256").digest(secret.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }
    assertThat(JSON.readTree(catalog.post("/api/v1/tokens/1/revoke", "", ADMIN).body()).get("revokedAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
    assertError(catalog.post("/api/v1/products", Registrations.orderEvents(), orders), 401, UNKNOWN);
  }

  @Test
  void specYamlGoesOnlyToItsOwnerAndTheAdminAndReadAuthClosesEveryRead() throws Exception {
    String customers = token("customers");
    String orders = token("orders");
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"), customers);
    String product = "/api/v1/products/customers/customer-profiles";
    String spec = "apiVersion: weft/v1\nkind: DataProduct\nmetadata: {name: customer-profiles, domain: customers, version: 1.0.0}\n";
    assertThat(JSON.readTree(catalog.get(product).body()).has("specYaml")).isFalse();
    assertThat(JSON.readTree(catalog.get(product, orders).body()).has("specYaml")).isFalse();
    assertThat(JSON.readTree(catalog.get(product, customers).body()).get("specYaml").asText()).isEqualTo(spec);
    assertThat(JSON.readTree(catalog.get(product, ADMIN).body()).get("specYaml").asText()).isEqualTo(spec);
    JsonNode version = JSON.readTree(catalog.get(product + "/versions/1.0.0", orders).body());
    assertThat(version.has("specYaml")).isFalse();
    assertThat(version.get("registration").has("specYaml")).isFalse();
    assertThat(version.get("registration").get("owner").asText()).isEqualTo("crm-team@acme.example");
    assertThat(JSON.readTree(catalog.get(product + "/versions/1.0.0", customers).body()).get("specYaml").asText()).isEqualTo(spec);

    try (CatalogService closed = catalog.startAnother(CatalogFixture.settings().withReadsNeedToken(true))) {
      HttpClient http = HttpClient.newHttpClient();
      String base = "http://localhost:" + closed.port();
      for (String path : List.of("/api/v1/products", product, product + "/versions", "/api/v1/cost", "/", "/api/openapi.json")) {
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertError(anonymous, 401, "this catalog serves reads only with a token (--read-auth): send the header 'Authorization: Bearer <token>'");
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer wct_x").build(),
            HttpResponse.BodyHandlers.ofString());
        assertError(unknown, 401, UNKNOWN);
        for (String reader : List.of(orders, customers, ADMIN)) {
          HttpResponse<String> known = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", reader).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(known.statusCode()).as(path).isEqualTo(200);
        }
      }
    }
  }

  /**
   * 16 clients register 1.1.0 … 1.16.0 of one product at the same instant, each adding the column
   * {@code segment}: odd versions as BOOLEAN, even ones as DATE. Each alone is backward compatible
   * with 1.0.0; any two of different types are not. Checked one after the other under the product's
   * lock, the first to get it fixes the type: exactly the 8 versions of that type are taken, the
   * other 8 refused with 409, and no 500.
   */
  @Test
  void versionsOfOneMajorRegisteredAtTheSameInstantAreCheckedOneAfterTheOther() throws Exception {
    assertThat(catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0")).statusCode()).isEqualTo(201);
    int clients = 16;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    for (int k = 1; k <= clients; k++) {
      String type = k % 2 == 1 ? "BOOLEAN" : "DATE";
      String body = Registrations.customerProfiles("1." + k + ".0").replace("{\"name\": \"tier\", \"type\": \"STRING\", \"description\": \"Loyalty tier\"}",
          "{\"name\": \"tier\", \"type\": \"STRING\", \"description\": \"Loyalty tier\"}, {\"name\": \"segment\", \"type\": \"" + type + "\"}");
      assertThat(body).contains("segment");
      answers.add(pool.submit(() -> {
        go.await();
        return catalog.post("/api/v1/products", body);
      }));
    }
    go.countDown();
    Map<Integer, Integer> statuses = new TreeMap<>();
    List<Integer> taken = new ArrayList<>();
    for (int k = 1; k <= clients; k++) {
      HttpResponse<String> answer = answers.get(k - 1).get();
      statuses.merge(answer.statusCode(), 1, Integer::sum);
      if (answer.statusCode() == 201) {
        taken.add(k);
      } else {
        assertThat(answer.body()).as("1." + k + ".0").containsPattern("1\\." + k + "\\.0 (is not backward compatible with 1\\.[0-9]+\\.0"
            + "|would make 1\\.[0-9]+\\.0, registered already, not backward compatible with the version before it): column 'segment' changed from ");
      }
    }
    pool.shutdown();
    assertThat(statuses).isEqualTo(Map.of(201, 8, 409, 8));
    assertThat(taken.stream().map(k -> k % 2).distinct().toList()).hasSize(1);
    assertThat(catalog.count("product_version")).isEqualTo(9);
  }

  @Test
  void aTopicOrTableBelongsToTheFirstProductThatPublishesToIt() throws Exception {
    assertThat(catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0")).statusCode()).isEqualTo(201);
    String sameTopic = Registrations.orderEvents().replace("\"topic\": \"orders.order-events.v1\"", "\"topic\": \"customers.customer-profiles.v1\"");
    assertError(catalog.post("/api/v1/products", sameTopic), 409, "product orders.order-events 1.2.0 publishes to the topic "
        + "customers.customer-profiles.v1, which product customers.customer-profiles owns; give this product its own name (outputs.topic.name)");
    String sameTable = Registrations.orderEvents().replace("\"table\": \"orders.order_events_v1\"", "\"table\": \"customers.customer_profiles_v1\"");
    assertError(catalog.post("/api/v1/products", sameTable), 409, "product orders.order-events 1.2.0 publishes to the table "
        + "customers.customer_profiles_v1, which product customers.customer-profiles owns; give this product its own name (outputs.table.name)");
    assertThat(catalog.count("product")).isEqualTo(1);
    assertThat(catalog.count("product_output_name")).isEqualTo(3);
    // the owner publishes to its names again with every version
    assertThat(catalog.post("/api/v1/products", Registrations.customerProfiles("1.1.0")).statusCode()).isEqualTo(201);
    assertThat(catalog.post("/api/v1/products", Registrations.orderEvents()).statusCode()).isEqualTo(201);
  }

  @Test
  void servesHttpsWithPemFilesAndPlainHttpOnLoopbackOnly() throws Exception {
    assertThat(catalog.service.address().getAddress().isLoopbackAddress()).isTrue();
    SelfSignedCertificate certificate = SelfSignedCertificate.make(data.resolve("tls"));
    try (CatalogService https = catalog.startAnother(CatalogFixture.settings().withBind("127.0.0.1")
        .withTls(new CatalogSettings.TlsFiles(certificate.certificate(), certificate.key())))) {
      assertThat(https.scheme()).isEqualTo("https");
      URI products = URI.create("https://localhost:" + https.port() + "/api/v1/products");
      HttpClient trusting = HttpClient.newBuilder().sslContext(CatalogTrust.trusting(certificate.certificate())).build();
      HttpResponse<String> answer = trusting.send(HttpRequest.newBuilder(products).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(answer.body()).get("count").asInt()).as(answer.body()).isZero();
      assertThatThrownBy(() -> HttpClient.newHttpClient().send(HttpRequest.newBuilder(products).build(), HttpResponse.BodyHandlers.ofString()))
          .isInstanceOf(SSLHandshakeException.class);
    }
    assertThat(CatalogSettings.defaults("t").withTls(new CatalogSettings.TlsFiles(Path.of("c"), Path.of("k"))).bindAddress().isAnyLocalAddress()).isTrue();
    assertThat(CatalogSettings.defaults("t").withBind("0.0.0.0").bindAddress().isAnyLocalAddress()).isTrue();
  }
}
