package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST …/impact} over a three-product chain, shop.orders → finance.revenue (column lineage:
 * total → revenue, currency → currency) → reporting.dashboard (no column lineage), with two consumer
 * groups on shop.orders's topic that the runtime reported in its metrics samples: a marketing
 * dashboard, active at 09:50 and idle since, and finance.revenue's job.
 */
class ImpactApiITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ORDERS_COLUMNS = "{\"name\": \"order_id\", \"type\": \"BIGINT\", \"nullable\": false},"
      + " {\"name\": \"total\", \"type\": \"DECIMAL(12,2)\"}";
  private static final String CURRENCY = ", {\"name\": \"currency\", \"type\": \"STRING\"}";

  @TempDir static Path data;
  private static CatalogFixture catalog;

  @BeforeAll
  static void registerTheChain() throws Exception {
    catalog = new CatalogFixture(data.resolve("postgres"));
    register(product("shop", "orders", "1.0.0", ORDERS_COLUMNS + CURRENCY, "[\"finance\", \"marketing\"]",
        "[{\"name\": \"raw\", \"kind\": \"kafka\", \"source\": \"shop.raw-orders\"}]", "[]"));
    register(product("finance", "revenue", "1.0.0", "{\"name\": \"revenue\", \"type\": \"DECIMAL(12,2)\"}" + CURRENCY, "[\"reporting\"]",
        "[{\"name\": \"orders\", \"kind\": \"product\", \"source\": \"shop.orders@1\"}]",
        "[{\"column\": \"revenue\", \"from\": [{\"input\": \"orders\", \"column\": \"total\"}]},"
            + " {\"column\": \"currency\", \"from\": [{\"input\": \"orders\", \"column\": \"currency\"}]}]"));
    register(product("reporting", "dashboard", "1.0.0", "{\"name\": \"revenue\", \"type\": \"DECIMAL(12,2)\"}", "[]",
        "[{\"name\": \"revenue\", \"kind\": \"product\", \"source\": \"finance.revenue@1\"}]", "[]"));
    groups("09:50:00", "{\"group\": \"marketing.dashboard\", \"lag\": 3, \"members\": 1, \"state\": \"Stable\"},"
        + " {\"group\": \"weft.finance.revenue.v1\", \"lag\": 0, \"members\": 1, \"state\": \"Stable\"}");
    groups("09:59:00", "{\"group\": \"marketing.dashboard\", \"lag\": 5, \"members\": 0, \"state\": \"Empty\"},"
        + " {\"group\": \"weft.finance.revenue.v1\", \"lag\": 0, \"members\": 1, \"state\": \"Stable\"}");
  }

  @AfterAll
  static void stop() throws Exception {
    catalog.close();
  }

  private static String product(String domain, String name, String version, String columns, String readers, String inputs, String lineage) {
    return "{\"domain\": \"" + domain + "\", \"name\": \"" + name + "\", \"version\": \"" + version + "\", \"owner\": \"team@acme.example\","
        + " \"specYaml\": \"kind: DataProduct\\n\", \"schema\": {\"primaryKey\": [], \"columns\": [" + columns + "]},"
        + " \"outputs\": {\"topic\": \"" + domain + "." + name + ".v1\", \"table\": \"" + domain + "." + name + "_v1\"},"
        + " \"access\": {\"readers\": " + readers + "}, \"inputs\": " + inputs + ", \"columnLineage\": " + lineage + "}";
  }

  private static void register(String registration) throws Exception {
    HttpResponse<String> answer = catalog.post("/api/v1/products", registration);
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
  }

  private static void groups(String time, String groups) throws Exception {
    HttpResponse<String> answer = catalog.post("/api/v1/products/shop/orders/metrics", "{\"timestamp\": \"2026-12-01T" + time + "Z\","
        + " \"intervalSeconds\": 60, \"consumerGroups\": [" + groups + "]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
  }

  private static HttpResponse<String> impact(String product, String body) throws Exception {
    return catalog.post("/api/v1/products/" + product + "/impact", body, null);
  }

  @Test
  void droppingAColumnBreaksTheProductThatReadsItItsJobAndEveryWholeRecordReaderButNotTheNextProductOfTheChain() throws Exception {
    HttpResponse<String> answer = impact("shop/orders", "{\"version\": \"1.1.0\", \"schema\": {\"columns\": [" + ORDERS_COLUMNS + "]},"
        + " \"topic\": \"shop.orders.v1\", \"readers\": [\"finance\", \"marketing\"]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree("""
        {"product": "shop.orders", "version": "1.1.0", "against": "1.0.0", "topic": "shop.orders.v1", "table": "shop.orders_v1",
         "changes": ["column 'currency' dropped"], "added": [], "refused": [],
         "downstream": [{"product": "finance.revenue", "version": "1.0.0",
           "reads": [{"column": "currency", "into": ["currency"], "breaking": true}, {"column": "total", "into": ["revenue"], "breaking": false}],
           "breaks": ["column 'currency' dropped, which it reads into currency"], "breaking": true}],
         "consumerGroupsFrom": "catalog",
         "consumerGroups": [
           {"group": "marketing.dashboard", "domain": "marketing", "downstreamProduct": null, "lag": 5, "members": 0, "state": "Empty",
            "lastActiveAt": "2026-12-01T09:50:00Z", "breaks": ["column 'currency' dropped"], "breaking": true},
           {"group": "weft.finance.revenue.v1", "domain": "finance", "downstreamProduct": "finance.revenue@1", "lag": 0, "members": 1,
            "state": "Stable", "lastActiveAt": "2026-12-01T09:59:00Z", "breaks": ["column 'currency' dropped, which it reads into currency"],
            "breaking": true}],
         "trinoReaders": [
           {"domain": "finance", "access": "reads", "breaks": ["column 'currency' dropped"], "breaking": true},
           {"domain": "marketing", "access": "reads", "breaks": ["column 'currency' dropped"], "breaking": true}],
         "breaking": true}
        """));
  }

  @Test
  void aWidenedColumnBreaksAReaderWithoutColumnLineageThoughBackwardModeAllowsIt() throws Exception {
    HttpResponse<String> answer = impact("finance/revenue", "{\"version\": \"1.1.0\", \"schema\": {\"columns\": ["
        + "{\"name\": \"revenue\", \"type\": \"DECIMAL(14,2)\"}" + CURRENCY + ", {\"name\": \"orders\", \"type\": \"BIGINT\"}]},"
        + " \"readers\": [], \"consumerGroups\": [{\"group\": \"reporting.adhoc\", \"lag\": 2, \"members\": 1, \"state\": \"Stable\"}]}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree("""
        {"product": "finance.revenue", "version": "1.1.0", "against": "1.0.0", "topic": "finance.revenue.v1", "table": "finance.revenue_v1",
         "changes": ["column 'revenue' changed from DECIMAL(12,2) to DECIMAL(14,2) (widened)"], "added": ["orders"], "refused": [],
         "downstream": [{"product": "reporting.dashboard", "version": "1.0.0", "reads": null,
           "breaks": ["column 'revenue' changed from DECIMAL(12,2) to DECIMAL(14,2) (widened)"], "breaking": true}],
         "consumerGroupsFrom": "request",
         "consumerGroups": [{"group": "reporting.adhoc", "domain": "reporting", "downstreamProduct": null, "lag": 2, "members": 1,
           "state": "Stable", "lastActiveAt": null, "breaks": ["column 'revenue' changed from DECIMAL(12,2) to DECIMAL(14,2) (widened)",
           "domain reporting is no longer in access.readers: its groups may no longer read the topic"], "breaking": true}],
         "trinoReaders": [{"domain": "reporting", "access": "removed", "breaks": ["no longer in access.readers: loses read access to finance.revenue_v1"],
           "breaking": true}],
         "breaking": true}
        """));
  }

  @Test
  void theLastProductOfTheChainBreaksNobody() throws Exception {
    HttpResponse<String> answer = impact("reporting/dashboard", "{\"version\": \"1.0.1\", \"schema\": {\"columns\": []}}");
    assertThat(JSON.readTree(answer.body())).isEqualTo(JSON.readTree("""
        {"product": "reporting.dashboard", "version": "1.0.1", "against": "1.0.0", "topic": "reporting.dashboard.v1",
         "table": "reporting.dashboard_v1", "changes": ["column 'revenue' dropped"], "added": [], "refused": [],
         "downstream": [], "consumerGroupsFrom": "catalog", "consumerGroups": [], "trinoReaders": [], "breaking": false}
        """));
  }

  @Test
  void badRequestsAreRefusedNamingTheProductOrTheField() throws Exception {
    assertError(impact("shop/nothing", "{\"version\": \"1.0.0\", \"schema\": {\"columns\": []}}"), 404, "no product shop.nothing is registered");
    assertError(impact("shop/orders", "{\"schema\": {\"columns\": [{\"name\": \"total\"}]}, \"readers\": [null]}"), 400,
        "version: missing (the proposed version, such as 1.1.0); schema.columns[0].type: missing; readers[0]: missing");
    assertError(impact("shop/orders", "{\"version\": \"one\", \"schema\": {\"columns\": []}}"), 400,
        "version: must be a semantic version such as 1.1.0, was 'one'");
    assertError(impact("shop/orders", "{\"version\": \"1.1.0\", \"schema\": {\"columns\": \"total\"}}"), 400,
        "field 'schema.columns' has the wrong type at line 1, column 44: expected an array");
    assertError(impact("shop/orders", "{\"version\": \"1.1.0\"}"), 400, "schema: missing (the columns the proposed version publishes)");
    assertError(impact("shop/orders", "{\"version\": \"1.1.0\", \"schema\": {\"columns\": []}, \"colour\": 1}"), 400,
        "unknown field 'colour'; known here: consumerGroups, readers, schema, table, topic, version");
    assertError(impact("shop/orders", "{\"version\": \"1.1.0\", \"schema\": {\"columns\": []}, \"consumerGroups\": [{\"group\": \"x\"}]}"),
        400, "consumerGroups[0].lag: missing");
  }

  /** A POST that only reads: open like the GETs, and behind a token like them on a catalog that serves reads only with one. */
  @Test
  void itIsARead() throws Exception {
    String body = "{\"version\": \"1.0.1\", \"schema\": {\"columns\": []}}";
    assertThat(impact("reporting/dashboard", body).statusCode()).isEqualTo(200);
    try (CatalogService closed = catalog.startAnother(CatalogFixture.settings().withReadsNeedToken(true))) {
      HttpClient http = HttpClient.newHttpClient();
      HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + closed.port() + "/api/v1/products/reporting/dashboard/impact"))
          .POST(HttpRequest.BodyPublishers.ofString(body));
      assertError(http.send(request.build(), HttpResponse.BodyHandlers.ofString()), 401,
          "this catalog serves reads only with a token (--read-auth): send the header 'Authorization: Bearer <token>'");
      HttpResponse<String> made = catalog.post("/api/v1/tokens", "{\"domain\": \"marketing\"}");
      String marketing = JSON.readTree(made.body()).get("token").asText();
      // another domain's token reads it: the impact of a change is for its readers to see
      assertThat(http.send(request.header("Authorization", "Bearer " + marketing).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
          .isEqualTo(200);
    }
  }

  private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(JSON.readTree(response.body())).isEqualTo(JSON.createObjectNode().put("error", message).put("status", status));
  }
}
