package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.catalog.http.JsonBodies;
import dev.weft.catalog.http.Route;
import dev.weft.catalog.openlineage.RunEventBuilder;
import dev.weft.catalog.product.ProductRegistration;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The API against the real service on a real (embedded) PostgreSQL: one server for the class. */
class CatalogApiITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PRODUCTS = "product, product_version, product_tag, product_column, product_input";

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

  private static JsonNode json(String text) throws Exception {
    return JSON.readTree(text);
  }

  private static void assertResponse(HttpResponse<String> response, int status, String json) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(json(response.body())).isEqualTo(json(json));
  }

  private static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
    ObjectNode expected = JSON.createObjectNode().put("error", message).put("status", status);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    assertThat(json(response.body())).isEqualTo(expected);
  }

  private void assertNothingWritten() throws Exception {
    for (String table : PRODUCTS.split(", ")) {
      assertThat(catalog.count(table)).as(table).isZero();
    }
    assertThat(catalog.count("openlineage_event")).isZero();
    assertThat(catalog.count("metrics_sample")).isZero();
    assertThat(catalog.count("product_run")).isZero();
  }

  @Test
  void registersAProductAndShowsEverythingItSent() throws Exception {
    assertResponse(catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0")), 201,
        "{\"product\":\"customers.customer-profiles\",\"version\":\"1.0.0\",\"outcome\":\"created\","
            + "\"url\":\"/api/v1/products/customers/customer-profiles\"}");

    ObjectNode expected = (ObjectNode) json(Registrations.customerProfiles("1.0.0"));
    ((ObjectNode) expected.get("schema").get("columns").get(0)).putNull("mask");
    ((ObjectNode) expected.get("schema").get("columns").get(2)).put("pii", false).putNull("mask");
    expected.get("schema").get("columns").forEach(column -> ((ObjectNode) column).putNull("nullable"));
    ((ObjectNode) expected.get("schema")).putNull("compatibility");
    expected.put("firstRegisteredAt", "2026-12-01T10:00:00Z");
    expected.put("registeredAt", "2026-12-01T10:00:00Z");
    expected.set("versions", json("[{\"version\":\"1.0.0\",\"registeredAt\":\"2026-12-01T10:00:00Z\"}]"));
    expected.set("majors", json("[{\"major\":1,\"latestVersion\":\"1.0.0\",\"retiredAt\":null,\"retiredBecause\":null}]"));
    expected.set("downstream", json("[]"));
    expected.put("trinoQuery", "SELECT * FROM iceberg.customers.customer_profiles_v1 LIMIT 10");
    expected.set("status", json("{\"state\":\"unknown\",\"reasons\":[],\"freshnessSeconds\":null,\"freshnessSlaSeconds\":60,"
        + "\"validRatio\":null,\"minValidRatio\":0.99,\"window\":\"1h\",\"samples\":0,\"recordsIn\":0,\"recordsOut\":0,"
        + "\"recordsRejected\":0,\"bytesToTopic\":0,\"bytesToTable\":0,\"lastSampleAt\":null,\"newestEventTime\":null,"
        + "\"consumerGroups\":[]}"));
    // spec YAML only for its owner and the admin
    HttpResponse<String> product = catalog.get("/api/v1/products/customers/customer-profiles", "Bearer " + CatalogFixture.TOKEN);
    assertThat(product.statusCode()).isEqualTo(200);
    assertThat(json(product.body())).isEqualTo(expected);
    expected.remove("specYaml");
    assertThat(json(catalog.get("/api/v1/products/customers/customer-profiles").body())).isEqualTo(expected);
  }

  @Test
  void keepsTheVersionHistory() throws Exception {
    assertThat(catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0")).statusCode()).isEqualTo(201);
    assertResponse(catalog.post("/api/v1/products", Registrations.customerProfiles("1.1.0")), 201,
        "{\"product\":\"customers.customer-profiles\",\"version\":\"1.1.0\",\"outcome\":\"new_version\","
            + "\"url\":\"/api/v1/products/customers/customer-profiles\"}");
    assertResponse(catalog.post("/api/v1/products", Registrations.customerProfiles("1.1.0")), 200,
        "{\"product\":\"customers.customer-profiles\",\"version\":\"1.1.0\",\"outcome\":\"unchanged\","
            + "\"url\":\"/api/v1/products/customers/customer-profiles\"}");
    String changed = Registrations.customerProfiles("1.0.0").replace("Loyalty tier", "Loyalty tier (gold, silver)");
    assertError(catalog.post("/api/v1/products", changed), 409,
        "product customers.customer-profiles version 1.0.0 is already registered with other content; a changed product needs a new version");
    assertThat(catalog.count("product_version")).isEqualTo(2);

    // an older version registered later goes into the history, but 1.1.0 stays current
    String backport = Registrations.customerProfiles("1.0.1").replace("Loyalty tier", "Backported tier");
    assertThat(catalog.post("/api/v1/products", backport).statusCode()).isEqualTo(201);
    assertResponse(catalog.get("/api/v1/products/customers/customer-profiles/versions"), 200,
        "{\"product\":\"customers.customer-profiles\",\"versions\":[{\"version\":\"1.0.0\",\"registeredAt\":\"2026-12-01T10:00:00Z\"},"
            + "{\"version\":\"1.1.0\",\"registeredAt\":\"2026-12-01T10:00:00Z\"},{\"version\":\"1.0.1\",\"registeredAt\":\"2026-12-01T10:00:00Z\"}],"
            + "\"majors\":[{\"major\":1,\"latestVersion\":\"1.1.0\",\"retiredAt\":null,\"retiredBecause\":null}]}");
    assertThat(found(catalog.get("/api/v1/products?q=backported"))).isEmpty();
    JsonNode first = json(catalog.get("/api/v1/products/customers/customer-profiles/versions/1.0.0", "Bearer " + CatalogFixture.TOKEN).body());
    assertThat(first.get("specYaml").asText())
        .isEqualTo("apiVersion: weft/v1\nkind: DataProduct\nmetadata: {name: customer-profiles, domain: customers, version: 1.0.0}\n");
    assertThat(first.get("registration").get("version").asText()).isEqualTo("1.0.0");
    assertThat(json(catalog.get("/api/v1/products/customers/customer-profiles").body()).get("version").asText()).isEqualTo("1.1.0");
    assertError(catalog.get("/api/v1/products/customers/customer-profiles/versions/9.9.9"), 404,
        "product customers.customer-profiles has no version 9.9.9");
  }

  @Test
  void refusesABreakingChangeWithinAMajorAndTakesItAsANewMajor() throws Exception {
    assertThat(catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0")).statusCode()).isEqualTo(201);
    // backward (the default): readers of the new version must read what 1.0.0 published
    String narrowed = Registrations.customerProfiles("1.1.0")
        .replace("{\"name\": \"customer_id\", \"type\": \"BIGINT\"", "{\"name\": \"customer_id\", \"type\": \"INT\"")
        .replace("\"description\": \"Loyalty tier\"}", "\"description\": \"Loyalty tier\", \"nullable\": false}");
    assertError(catalog.post("/api/v1/products", narrowed), 409,
        "product customers.customer-profiles 1.1.0 is not backward compatible with 1.0.0: column 'customer_id' changed from BIGINT to INT"
            + " (narrowed): not every value 1.0.0 published fits INT; column 'tier' made NOT NULL: 1.0.0 published NULLs in it;"
            + " a breaking change needs a new major version (2.0.0), which publishes to a new topic and table");
    ObjectNode withoutTier = (ObjectNode) json(Registrations.customerProfiles("1.1.0"));
    ((com.fasterxml.jackson.databind.node.ArrayNode) withoutTier.get("schema").get("columns")).remove(2);
    ((com.fasterxml.jackson.databind.node.ArrayNode) withoutTier.get("columnLineage")).remove(2);
    String dropped = withoutTier.toString();
    assertError(catalog.post("/api/v1/products", dropped.replace("\"primaryKey\":[\"customer_id\"],", "\"primaryKey\":[\"customer_id\"],\"compatibility\":\"full\",")), 409,
        "product customers.customer-profiles 1.1.0 is not full compatible with 1.0.0: column 'tier' dropped: consumers of 1.0.0 read it;"
            + " a breaking change needs a new major version (2.0.0), which publishes to a new topic and table");
    assertThat(catalog.post("/api/v1/products", dropped).statusCode()).as("a drop is backward compatible").isEqualTo(201);
    assertThat(catalog.post("/api/v1/products", narrowed.replace("1.1.0", "2.0.0")).statusCode()).isEqualTo(201);
    // a version is checked against the one before it in its own major: 1.2.0 against 1.1.0, not 2.0.0
    assertThat(catalog.post("/api/v1/products", dropped.replace("1.1.0", "1.2.0")).statusCode()).isEqualTo(201);
    assertThat(catalog.count("product_version")).isEqualTo(4);
    assertThat(json(catalog.get("/api/v1/products/customers/customer-profiles").body()).get("majors")).isEqualTo(json(
        "[{\"major\":1,\"latestVersion\":\"1.2.0\",\"retiredAt\":null,\"retiredBecause\":null},"
            + "{\"major\":2,\"latestVersion\":\"2.0.0\",\"retiredAt\":null,\"retiredBecause\":null}]"));
  }

  @Test
  void aCatalogStartedWithoutPoliciesSaysSo() throws Exception {
    assertError(catalog.get("/api/v1/policies"), 404, "this catalog holds no policies (weft catalog --policies FILE gives it some)");
    assertError(catalog.get("/api/v1/policies?format=yaml"), 400, "unknown query parameter 'format'; this route takes none");
  }

  @Test
  void retiresAMajorThatNobodyReadsAndTakesNoNewVersionsOfIt() throws Exception {
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.customerProfiles("2.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    String retire = "/api/v1/products/customers/customer-profiles/majors/1/retire";
    assertError(catalog.post(retire, "{\"reason\": \"2.0.0 replaces it\"}"), 409,
        "product customers.customer-profiles@1 is still read by orders.order-events; move them to another major first, or retire it with force=true");
    assertError(catalog.post(retire, "{}"), 400, "reason: missing (why the major is retired, for its consumers)");
    assertError(catalog.post("/api/v1/products/customers/customer-profiles/majors/3/retire", "{\"reason\": \"x\"}"), 404,
        "product customers.customer-profiles has no version of major 3");
    assertError(catalog.post("/api/v1/products/customers/customer-profiles/majors/one/retire", "{\"reason\": \"x\"}"), 400,
        "major must be a whole number from 1, was 'one'");
    assertError(catalog.post(retire, "{\"reason\": \"x\"}", null), 401, "this request writes to the catalog and needs the header 'Authorization: Bearer <token>'");
    assertThat(catalog.count("major_retirement")).isZero();

    catalog.post("/api/v1/products", Registrations.orderEvents().replace("1.2.0", "1.3.0").replace("customer-profiles@1", "customer-profiles@2"));
    assertResponse(catalog.post(retire, "{\"reason\": \"2.0.0 replaces it\"}"), 200,
        "{\"product\":\"customers.customer-profiles\",\"major\":1,\"retiredAt\":\"2026-12-01T10:00:00Z\",\"reason\":\"2.0.0 replaces it\"}");
    assertResponse(catalog.post(retire, "{\"reason\": \"again\"}"), 200,
        "{\"product\":\"customers.customer-profiles\",\"major\":1,\"retiredAt\":\"2026-12-01T10:00:00Z\",\"reason\":\"2.0.0 replaces it\"}");
    assertError(catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.1")), 409,
        "product customers.customer-profiles@1 was retired at 2026-12-01T10:00:00Z (2.0.0 replaces it); a retired major takes no new versions:"
            + " publish 2.0.0 or later");
    assertThat(catalog.post("/api/v1/products", Registrations.customerProfiles("2.1.0")).statusCode()).isEqualTo(201);
    assertThat(json(catalog.get("/api/v1/products/customers/customer-profiles").body()).get("majors")).isEqualTo(json(
        "[{\"major\":1,\"latestVersion\":\"1.0.0\",\"retiredAt\":\"2026-12-01T10:00:00Z\",\"retiredBecause\":\"2.0.0 replaces it\"},"
            + "{\"major\":2,\"latestVersion\":\"2.1.0\",\"retiredAt\":null,\"retiredBecause\":null}]"));
    assertThat(catalog.get("/products/customers/customer-profiles").body()).contains("<h2>Major versions</h2><ul id=\"majors\">"
        + "<li class=\"retired\">1 — latest 1.0.0 — retired 2026-12-01T10:00:00Z: 2.0.0 replaces it</li><li>2 — latest 2.1.0 — live</li></ul>");
  }

  private static List<String> found(HttpResponse<String> response) throws Exception {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    List<String> names = new java.util.ArrayList<>();
    for (JsonNode product : json(response.body()).get("products")) {
      names.add(product.get("domain").asText() + "." + product.get("name").asText());
    }
    return names;
  }

  @Test
  void searchesByTextDomainOwnerTagAndColumn() throws Exception {
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    String both = "customers.customer-profiles";
    String orders = "orders.order-events";
    assertThat(found(catalog.get("/api/v1/products"))).containsExactly(both, orders);
    assertThat(found(catalog.get("/api/v1/products?q=TIER"))).containsExactly(both, orders);
    assertThat(found(catalog.get("/api/v1/products?q=enriched"))).containsExactly(orders);
    assertThat(found(catalog.get("/api/v1/products?q=crm-team"))).containsExactly(both);
    assertThat(found(catalog.get("/api/v1/products?domain=orders"))).containsExactly(orders);
    assertThat(found(catalog.get("/api/v1/products?owner=crm-team@acme.example"))).containsExactly(both);
    assertThat(found(catalog.get("/api/v1/products?tag=sales"))).containsExactly(orders);
    assertThat(found(catalog.get("/api/v1/products?column=EMAIL"))).containsExactly(both);
    assertThat(found(catalog.get("/api/v1/products?column=customer_email&tag=sales"))).containsExactly(orders);
    assertThat(found(catalog.get("/api/v1/products?limit=1&offset=1"))).containsExactly(orders);
    assertResponse(catalog.get("/api/v1/products?tag=crm"), 200, "{\"count\":1,\"limit\":50,\"offset\":0,\"products\":[{\"domain\":\"customers\","
        + "\"name\":\"customer-profiles\",\"version\":\"1.0.0\",\"owner\":\"crm-team@acme.example\","
        + "\"description\":\"Current profile of every customer, captured from the shop database.\",\"tags\":[\"core\",\"crm\"]}]}");
    // a column two products have: in (domain, name) order, a page at a time, with the other filters
    assertThat(catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0").replace("customers", "crm")).statusCode()).isEqualTo(201);
    assertThat(found(catalog.get("/api/v1/products?column=Tier"))).containsExactly("crm.customer-profiles", both);
    assertThat(found(catalog.get("/api/v1/products?column=tier&limit=1&offset=1"))).containsExactly(both);
    assertThat(found(catalog.get("/api/v1/products?column=tier&domain=customers&owner=crm-team@acme.example"))).containsExactly(both);
    assertThat(found(catalog.get("/api/v1/products?column=tier&q=crm&tag=core"))).containsExactly("crm.customer-profiles", both);
    assertThat(found(catalog.get("/api/v1/products?column=tier&tag=sales"))).isEmpty();
  }

  @Test
  void answersEachSearchExactlyWhenTheSameQueryRunsManyTimes() throws Exception {
    // a statement run more than five times on one connection is where PostgreSQL may switch to a
    // generic plan; searches are planned for their values every time, and must still bind them all
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    for (int run = 0; run < 12; run++) {
      assertThat(found(catalog.get("/api/v1/products?domain=orders&column=customer_email"))).as("run " + run).containsExactly("orders.order-events");
      assertThat(found(catalog.get("/api/v1/products?domain=orders&column=no_such_column"))).as("run " + run).isEmpty();
      assertThat(found(catalog.get("/api/v1/products?domain=customers&column=email&limit=1"))).as("run " + run)
          .containsExactly("customers.customer-profiles");
      assertThat(found(catalog.get("/api/v1/products?q=tier&limit=1&offset=1"))).as("run " + run).containsExactly("orders.order-events");
      assertThat(found(catalog.get("/api/v1/products?q=no_such_word"))).as("run " + run).isEmpty();
    }
  }

  @Test
  void servesConnectionsWithoutNaglesDelay() {
    // the JDK server reads this when its first server starts; without it every answer waited for a delayed ACK
    assertThat(System.getProperty("sun.net.httpserver.nodelay")).isEqualTo("true");
  }

  @Test
  void keepsTheRunsOfAProductsScheduledWorkNewestFirst() throws Exception {
    String runs = "/api/v1/products/customers/customer-profiles/runs";
    assertError(catalog.post(runs, "{\"task\": \"batch-run\", \"attempt\": 1, \"startedAt\": \"2026-12-01T03:00:00Z\", "
        + "\"endedAt\": \"2026-12-01T03:00:09Z\", \"status\": \"succeeded\", \"rows\": 9}"), 404, "no product customers.customer-profiles is registered");
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));

    assertResponse(catalog.post(runs, "{\"task\": \"batch-run\", \"attempt\": 1, \"startedAt\": \"2026-12-01T03:00:00Z\", "
        + "\"endedAt\": \"2026-12-01T03:00:09Z\", \"status\": \"succeeded\", \"rows\": 9}"), 201,
        "{\"product\":\"customers.customer-profiles\",\"recorded\":1}");
    catalog.post(runs, "{\"task\": \"compact\", \"attempt\": 2, \"startedAt\": \"2026-12-01T04:00:00Z\", "
        + "\"endedAt\": \"2026-12-01T04:00:01Z\", \"status\": \"failed\", \"message\": \"Table does not exist: customers.customer_profiles_v1\"}");
    catalog.post(runs, "{\"task\": \"compact\", \"attempt\": 1, \"startedAt\": \"2026-12-01T05:00:00Z\", "
        + "\"endedAt\": \"2026-12-01T05:00:04Z\", \"status\": \"succeeded\", \"liveFilesBefore\": 200, \"liveFilesAfter\": 2}");

    assertResponse(catalog.get(runs), 200, "{\"product\":\"customers.customer-profiles\",\"runs\":["
        + "{\"task\":\"compact\",\"attempt\":1,\"startedAt\":\"2026-12-01T05:00:00Z\",\"endedAt\":\"2026-12-01T05:00:04Z\","
        + "\"status\":\"succeeded\",\"rows\":null,\"liveFilesBefore\":200,\"liveFilesAfter\":2,\"message\":null},"
        + "{\"task\":\"compact\",\"attempt\":2,\"startedAt\":\"2026-12-01T04:00:00Z\",\"endedAt\":\"2026-12-01T04:00:01Z\","
        + "\"status\":\"failed\",\"rows\":null,\"liveFilesBefore\":null,\"liveFilesAfter\":null,"
        + "\"message\":\"Table does not exist: customers.customer_profiles_v1\"},"
        + "{\"task\":\"batch-run\",\"attempt\":1,\"startedAt\":\"2026-12-01T03:00:00Z\",\"endedAt\":\"2026-12-01T03:00:09Z\","
        + "\"status\":\"succeeded\",\"rows\":9,\"liveFilesBefore\":null,\"liveFilesAfter\":null,\"message\":null}]}");

    assertError(catalog.post(runs, "{\"task\": \"Batch Run\", \"attempt\": 0, \"startedAt\": \"2026-12-01T03:00:00Z\", "
        + "\"endedAt\": \"2026-12-01T02:00:00Z\", \"status\": \"maybe\", \"rows\": -1}"), 400,
        "task: must be lower-case letters and '-', such as batch-run or compact, was 'Batch Run'; attempt: must be at least 1, was 0; "
            + "endedAt: must not be before startedAt; status: must be one of succeeded, failed, was 'maybe'; rows: must not be negative, was -1");
    assertError(catalog.post(runs, "{\"task\": \"compact\"}", null), 401,
        "this request writes to the catalog and needs the header 'Authorization: Bearer <token>'");
    assertThat(catalog.count("product_run")).isEqualTo(3);
  }

  @Test
  void injectionLikeSearchStringsAreJustText() throws Exception {
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    for (String text : List.of("'; DROP TABLE product; --", "' OR '1'='1", "%", "%%", "_x_", "\\", "customers' & !x:* | --")) {
      String query = java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
      assertThat(found(catalog.get("/api/v1/products?q=" + query))).as(text).isEmpty();
      assertThat(found(catalog.get("/api/v1/products?domain=" + query))).as(text).isEmpty();
      assertThat(found(catalog.get("/api/v1/products?column=" + query))).as(text).isEmpty();
    }
    assertThat(catalog.count("product")).isEqualTo(1);
    assertThat(found(catalog.get("/api/v1/products?q=customer-profiles"))).containsExactly("customers.customer-profiles");
  }

  @Test
  void refusesBadQueryParameters() throws Exception {
    assertError(catalog.get("/api/v1/products?limit=abc"), 400, "query parameter 'limit' must be a whole number from 1 to 500, was 'abc'");
    assertError(catalog.get("/api/v1/products?limit=0"), 400, "query parameter 'limit' must be a whole number from 1 to 500, was '0'");
    assertError(catalog.get("/api/v1/products?offset=-1"), 400,
        "query parameter 'offset' must be a whole number from 0 to 2147483647, was '-1'");
    assertError(catalog.get("/api/v1/products?color=red"), 400,
        "unknown query parameter 'color'; known: q, domain, owner, tag, column, limit, offset");
    assertError(catalog.get("/api/v1/products?tag=a&tag=b"), 400, "query parameter 'tag' is given 2 times; give it once");
    assertError(catalog.get("/api/v1/lineage"), 400, "query parameter 'product' is required (domain.name)");
    assertError(catalog.get("/api/v1/lineage?product=orders"), 400, "query parameter 'product' must be domain.name, was 'orders'");
    assertError(catalog.get("/api/v1/cost?since=week"), 400,
        "query parameter 'since' must be a whole number and a unit (s, m, h, d) such as 7d, was 'week'");
    assertError(catalog.get("/api/v1/cost?by=team"), 400, "query parameter 'by' must be domain, product or costCenter, was 'team'");
    assertError(catalog.get("/api/v1/cost?format=xml"), 400, "query parameter 'format' must be json or csv, was 'xml'");
  }

  @Test
  void refusesBadWritesAndWritesNothing() throws Exception {
    String good = Registrations.customerProfiles("1.0.0");
    assertError(catalog.post("/api/v1/products", "{\"domain\": \"customers\", \"name\": }"), 400,
        "malformed JSON at line 1, column 33: Unexpected character ('}' (code 125)): expected a value");
    assertError(catalog.post("/api/v1/products", ""), 400, "request body is empty; expected a JSON object");
    assertError(catalog.post("/api/v1/products", good.strip() + " {}"), 400, "malformed JSON at line 18, column 77: more content after the end of the JSON object");
    assertError(catalog.post("/api/v1/products", good.replace("\"costCenter\": \"CC-2000\"", "\"costCenter\": \"CC-2000\", \"costCenter\": \"CC-1\"")),
        400, "malformed JSON at line 3, column 64: Duplicate field 'costCenter'");
    assertError(catalog.post("/api/v1/products", good.replace("\"tags\": [\"crm\", \"core\"]", "\"tags\": [null]")
            .replace("\"inputs\": [{", "\"inputs\": [null, {")), 400, "tags[0]: missing; inputs[0]: must be an object");
    assertError(catalog.post("/api/v1/products", good.replace("\"costCenter\"", "\"costCentre\"")), 400,
        "unknown field 'costCentre'; known here: access, columnLineage, costCenter, description, domain, inputs, name, outputs, owner, "
            + "quality, schema, sla, specYaml, tags, version");
    assertError(catalog.post("/api/v1/products", good.replace("\"pii\": false}", "\"pii\": false, \"secret\": true}")), 400,
        "unknown field 'schema.columns[0].secret'; known here: description, mask, name, nullable, pii, type");
    assertError(catalog.post("/api/v1/products", good.replace("\"tags\": [\"crm\", \"core\"]", "\"tags\": {\"crm\": 1}")), 400,
        "field 'tags' has the wrong type at line 3, column 10: expected an array");
    assertError(catalog.post("/api/v1/products", good.replace("\"pii\": true", "\"pii\": \"yes\"")), 400,
        "field 'schema.columns[1].pii' has the wrong type at line 7, column 81: expected true or false");
    assertError(catalog.post("/api/v1/products", good.replace("\"schema\": {", "\"schema\": [").replace("]},\n     \"sla\"", "]],\n     \"sla\"")), 400,
        "field 'schema' has the wrong type at line 5, column 12: expected an object");
    assertError(catalog.post("/api/v1/products", good.replace("\"kind\": \"cdc\"", "\"kind\": \"ftp\"")
            .replace("\"version\": \"1.0.0\"", "\"version\": \"one\"")), 400,
        "version: must be a semantic version such as 1.2.0, was 'one'; inputs[0].kind: must be one of kafka, cdc, product, was 'ftp'");
    assertError(catalog.post("/api/v1/products", good.replace("\"primaryKey\": [\"customer_id\"],",
        "\"primaryKey\": [\"customer_id\"], \"compatibility\": \"sideways\",")), 400,
        "schema.compatibility: must be one of backward, forward, full, none, was 'sideways'");
    assertError(catalog.post("/api/v1/products", good, null), 401,
        "this request writes to the catalog and needs the header 'Authorization: Bearer <token>'");
    String unknown = "the bearer token is not one this catalog knows (unknown or revoked); "
        + "an admin makes domain tokens with weft catalog token create --domain D";
    assertError(catalog.post("/api/v1/products", good, "Bearer wrong"), 401, unknown);
    assertError(catalog.post("/api/v1/products", good, "Basic dGVzdC10b2tlbg=="), 401, unknown);
    String oversized = good.replace("\"tags\": [", "\"tags\": [\"" + "x".repeat((int) CatalogFixture.MAX_REQUEST_BYTES) + "\", ");
    assertError(catalog.post("/api/v1/products", oversized), 413, "request body is larger than the limit of 65536 bytes");
    assertError(catalog.post("/api/v1/lineage/openlineage", "[1, 2]"), 400, "request body must be a JSON object, was array");
    assertError(catalog.post("/api/v1/lineage/openlineage", "{\"eventType\": \"DONE\", \"run\": {\"runId\": \"42\"}}"), 400,
        "eventType: must be one of ABORT, COMPLETE, FAIL, OTHER, RUNNING, START, was 'DONE'; eventTime: missing; producer: missing; "
            + "run.runId: must be a UUID, was '42'; job.namespace: missing; job.name: missing");
    assertError(catalog.post("/api/v1/products/customers/customer-profiles/metrics", "{\"timestamp\": \"2026-12-01T09:00:00Z\", \"intervalSeconds\": 60}"),
        404, "no product customers.customer-profiles is registered");
    assertNothingWritten();

    catalog.post("/api/v1/products", good);
    assertError(catalog.post("/api/v1/products/customers/customer-profiles/metrics", "{\"timestamp\": \"yesterday\", \"recordsIn\": -1}"), 400,
        "timestamp: must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was 'yesterday'; intervalSeconds: missing; recordsIn: must not be negative, was -1");
    assertThat(catalog.count("metrics_sample")).isZero();
  }

  @Test
  void answersUnknownPathsProductsAndMethods() throws Exception {
    assertError(catalog.get("/api/v1/products/orders/nothing"), 404, "no product orders.nothing is registered");
    assertError(catalog.get("/api/v1/lineage?product=orders.nothing"), 404, "no product orders.nothing is registered");
    assertError(catalog.get("/products/orders/nothing"), 404, "no product orders.nothing is registered");
    assertError(catalog.get("/api/v2/products"), 404, "no such resource: /api/v2/products");
    HttpResponse<String> delete = catalog.send("DELETE", "/api/v1/products");
    assertError(delete, 405, "method DELETE is not allowed on /api/v1/products; allowed: GET, POST");
    assertThat(delete.headers().firstValue("Allow")).hasValue("GET, POST");
    HttpResponse<String> head = catalog.send("HEAD", "/api/openapi.json");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(catalog.send("HEAD", "/api/v1/products/orders/nothing").statusCode()).isEqualTo(404);
    assertError(catalog.send("PUT", "/api/v1/lineage/openlineage"), 405, "method PUT is not allowed on /api/v1/lineage/openlineage; allowed: POST");
  }

  @Test
  void drawsProductAndColumnLineage() throws Exception {
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    assertResponse(catalog.get("/api/v1/lineage?product=customers.customer-profiles"), 200, """
        {"product": "customers.customer-profiles",
         "nodes": [{"id": "table:public.customers", "kind": "table", "name": "public.customers", "role": "input"},
                   {"id": "product:customers.customer-profiles", "kind": "product", "name": "customers.customer-profiles", "role": "product"},
                   {"id": "product:orders.order-events", "kind": "product", "name": "orders.order-events", "role": "downstream"}],
         "edges": [{"from": "table:public.customers", "to": "product:customers.customer-profiles", "input": "customers"},
                   {"from": "product:customers.customer-profiles", "to": "product:orders.order-events", "input": null}],
         "columns": [{"column": "customer_id", "from": [{"input": "customers", "column": "id"}]},
                     {"column": "email", "from": [{"input": "customers", "column": "email"}]},
                     {"column": "tier", "from": [{"input": "customers", "column": "tier"}]}]}
        """);
    assertResponse(catalog.get("/api/v1/lineage?product=orders.order-events"), 200, """
        {"product": "orders.order-events",
         "nodes": [{"id": "topic:shop.orders", "kind": "topic", "name": "shop.orders", "role": "input"},
                   {"id": "product:customers.customer-profiles", "kind": "product", "name": "customers.customer-profiles", "role": "input"},
                   {"id": "product:orders.order-events", "kind": "product", "name": "orders.order-events", "role": "product"}],
         "edges": [{"from": "topic:shop.orders", "to": "product:orders.order-events", "input": "orders"},
                   {"from": "product:customers.customer-profiles", "to": "product:orders.order-events", "input": "customers"}],
         "columns": [{"column": "order_id", "from": [{"input": "orders", "column": "order_id"}]},
                     {"column": "customer_email", "from": [{"input": "customers", "column": "email"}]},
                     {"column": "order_total", "from": [{"input": "orders", "column": "total"}]},
                     {"column": "customer_tier", "from": [{"input": "customers", "column": "tier"}]}]}
        """);
    assertThat(json(catalog.get("/api/v1/products/customers/customer-profiles").body()).get("downstream"))
        .isEqualTo(json("[\"orders.order-events\"]"));
    HttpResponse<String> svg = catalog.get("/api/v1/lineage/graph.svg?product=orders.order-events");
    assertThat(svg.headers().firstValue("Content-Type")).hasValue("image/svg+xml; charset=utf-8");
    assertThat(svg.body()).startsWith("<svg ").contains(">topic: shop.orders</text>", ">product: customers.customer-profiles</text>")
        .containsOnlyOnce("<line class=\"edge\" data-from=\"topic:shop.orders\" data-to=\"product:orders.order-events\"");
  }

  @Test
  void storesOpenLineageRunEventsAndListsThemPerProduct() throws Exception {
    catalog.post("/api/v1/products", Registrations.orderEvents());
    ProductRegistration registration = JsonBodies.mapper().readValue(Registrations.orderEvents(), ProductRegistration.class);
    UUID runId = UUID.fromString("3f1c0a52-8d2e-4c57-9b7e-1f6a2d9c0e11");
    RunEventBuilder events = new RunEventBuilder(JSON, registration, runId);
    ObjectNode start = events.start(CatalogFixture.NOW.minusSeconds(120));
    ObjectNode fail = events.fail(CatalogFixture.NOW.minusSeconds(60), "checkpoint 7 expired");
    assertResponse(catalog.post("/api/v1/lineage/openlineage", start.toString()), 201, "{\"id\": 1, \"eventType\": \"START\"}");
    assertThat(catalog.post("/api/v1/lineage/openlineage", fail.toString()).statusCode()).isEqualTo(201);
    ObjectNode other = events.start(CatalogFixture.NOW);
    ((ObjectNode) other.get("job")).put("name", "orders.something-else");
    assertThat(catalog.post("/api/v1/lineage/openlineage", other.toString()).statusCode()).isEqualTo(201);

    JsonNode listed = json(catalog.get("/api/v1/products/orders/order-events/openlineage").body());
    assertThat(listed.get("product").asText()).isEqualTo("orders.order-events");
    assertThat(listed.get("events")).containsExactly(start, fail);
    assertThat(start).isEqualTo(json("""
        {"eventType": "START", "eventTime": "2026-12-01T09:58:00Z", "producer": "urn:dev.weft:weft-catalog",
         "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
         "run": {"runId": "3f1c0a52-8d2e-4c57-9b7e-1f6a2d9c0e11"},
         "job": {"namespace": "weft", "name": "orders.order-events"},
         "inputs": [{"namespace": "kafka", "name": "shop.orders"}, {"namespace": "weft", "name": "customers.customer-profiles"}],
         "outputs": [
           {"namespace": "kafka", "name": "orders.order-events.v1", "facets": {"schema": {"_producer": "urn:dev.weft:weft-catalog",
             "_schemaURL": "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
             "fields": [{"name": "order_id", "type": "BIGINT", "description": "Order id"},
                        {"name": "customer_email", "type": "STRING", "description": "Who ordered"},
                        {"name": "order_total", "type": "DECIMAL(12,2)", "description": "Total with tax"},
                        {"name": "customer_tier", "type": "STRING", "description": "Tier when ordered"}]}}},
           {"namespace": "iceberg", "name": "orders.order_events_v1", "facets": {"schema": {"_producer": "urn:dev.weft:weft-catalog",
             "_schemaURL": "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
             "fields": [{"name": "order_id", "type": "BIGINT", "description": "Order id"},
                        {"name": "customer_email", "type": "STRING", "description": "Who ordered"},
                        {"name": "order_total", "type": "DECIMAL(12,2)", "description": "Total with tax"},
                        {"name": "customer_tier", "type": "STRING", "description": "Tier when ordered"}]}}}]}
        """));
    assertThat(fail.get("run").get("facets").get("errorMessage").get("message").asText()).isEqualTo("checkpoint 7 expired");
    assertThat(catalog.count("openlineage_event")).isEqualTo(3);
  }

  private static String sample(String timestamp, long interval, long in, long out, long rejected, String cpu, long kafkaIn, long kafkaOut,
      long retained, long iceberg, String newestEventTime) {
    return "{\"timestamp\": \"" + timestamp + "\", \"intervalSeconds\": " + interval + ", \"recordsIn\": " + in + ", \"recordsOut\": " + out
        + ", \"recordsRejected\": " + rejected + ", \"bytesToTopic\": " + out * 200 + ", \"bytesToTable\": " + out * 120
        + ", \"cpuSeconds\": " + cpu + ", \"kafkaBytesIn\": " + kafkaIn + ", \"kafkaBytesOut\": " + kafkaOut
        + ", \"kafkaBytesRetained\": " + retained + ", \"icebergBytes\": " + iceberg
        + (newestEventTime == null ? "" : ", \"newestEventTime\": \"" + newestEventTime + "\"") + "}";
  }

  @Test
  void showsFreshnessAndQualityAgainstTheSla() throws Exception {
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    String customers = "/api/v1/products/customers/customer-profiles/metrics";
    assertResponse(catalog.post(customers, sample("2026-12-01T09:30:00Z", 60, 600, 594, 6, "3.5", 0, 0, 0, 0, "2026-12-01T09:29:00Z")), 201,
        "{\"product\": \"customers.customer-profiles\", \"recorded\": 1}");
    catalog.post(customers, sample("2026-12-01T09:59:00Z", 60, 400, 396, 4, "2.5", 0, 0, 0, 0, "2026-12-01T09:59:15Z")
        .replace("}", ", \"consumerGroups\": [{\"group\": \"marketing-app\", \"lag\": 120}, {\"group\": \"finance-etl\", \"lag\": 0}]}"));
    assertError(catalog.post(customers, sample("2026-12-01T09:59:30Z", 60, 1, 1, 0, "0", 0, 0, 0, 0, null)
        .replace("}", ", \"consumerGroups\": [{\"lag\": -5}]}")), 400, "consumerGroups[0].group: missing; consumerGroups[0].lag: must not be negative, was -5");
    catalog.post(customers, sample("2026-12-01T08:00:00Z", 60, 100, 0, 100, "1", 0, 0, 0, 0, null));
    assertThat(json(catalog.get("/api/v1/products/customers/customer-profiles").body()).get("status")).isEqualTo(json("""
        {"state": "ok", "reasons": [], "freshnessSeconds": 45, "freshnessSlaSeconds": 60, "validRatio": 0.99, "minValidRatio": 0.99,
         "window": "1h", "samples": 2, "recordsIn": 1000, "recordsOut": 990, "recordsRejected": 10,
         "bytesToTopic": 198000, "bytesToTable": 118800, "lastSampleAt": "2026-12-01T09:59:00Z", "newestEventTime": "2026-12-01T09:59:15Z",
         "consumerGroups": [{"group": "marketing-app", "lag": 120}, {"group": "finance-etl", "lag": 0}]}
        """));

    catalog.post("/api/v1/products/orders/order-events/metrics", sample("2026-12-01T09:58:00Z", 60, 1000, 900, 100, "1", 0, 0, 0, 0,
        "2026-12-01T09:58:25Z"));
    assertThat(json(catalog.get("/api/v1/products/orders/order-events").body()).get("status")).isEqualTo(json("""
        {"state": "breached", "reasons": ["freshness 1 m 35 s exceeds the SLA of 1 m", "valid ratio 0.9000 is below the minimum of 0.99"],
         "freshnessSeconds": 95, "freshnessSlaSeconds": 60, "validRatio": 0.9, "minValidRatio": 0.99,
         "window": "1h", "samples": 1, "recordsIn": 1000, "recordsOut": 900, "recordsRejected": 100,
         "bytesToTopic": 180000, "bytesToTable": 108000, "lastSampleAt": "2026-12-01T09:58:00Z", "newestEventTime": "2026-12-01T09:58:25Z", "consumerGroups": []}
        """));
  }

  @Test
  void keepsDeadLetterCountsPerRuleAndTheLatestFiveLettersOfEach() throws Exception {
    catalog.post("/api/v1/products", Registrations.orderEvents());
    String path = "/api/v1/products/orders/order-events/dead-letters";
    StringBuilder letters = new StringBuilder();
    for (int i = 1; i <= 4; i++) {
      letters.append(i == 1 ? "" : ", ").append("{\"rule\": \"positive-total\", \"reason\": \"broke positive-total\", \"failedAt\": \"2026-12-01T09:5")
          .append(i).append(":00Z\", \"source\": \"shop.orders/0@").append(i).append("\", \"record\": \"{\\\"order_id\\\": ").append(i).append("}\"}");
    }
    assertResponse(catalog.post(path, "{\"timestamp\": \"2026-12-01T09:55:00Z\", \"counts\": {\"positive-total\": 4, \"parse\": 1},"
        + " \"latest\": [" + letters + ", {\"rule\": \"parse\", \"reason\": \"not JSON\", \"failedAt\": \"2026-12-01T09:54:00Z\"}]}"), 201,
        "{\"product\": \"orders.order-events\", \"recorded\": 1}");
    // six letters of positive-total in all: the oldest (09:51:00) is no longer kept
    catalog.post(path, "{\"timestamp\": \"2026-12-01T09:59:00Z\", \"counts\": {\"positive-total\": 2}, \"latest\": ["
        + "{\"rule\": \"positive-total\", \"reason\": \"broke positive-total\", \"failedAt\": \"2026-12-01T09:51:30Z\", \"source\": \"shop.orders/1@7\","
        + " \"record\": \"{\\\"order_id\\\": 1}\"}, {\"rule\": \"positive-total\", \"reason\": \"broke positive-total\","
        + " \"failedAt\": \"2026-12-01T09:58:59Z\", \"source\": null, \"record\": null}]}");
    catalog.post(path, "{\"timestamp\": \"2026-11-30T09:00:00Z\", \"counts\": {\"parse\": 9}}");
    assertThat(json(catalog.get(path + "?since=1h").body())).isEqualTo(json("""
        {"product": "orders.order-events", "since": "1h", "counts": {"parse": 1, "positive-total": 6}, "latest": [
          {"rule": "parse", "reason": "not JSON", "failedAt": "2026-12-01T09:54:00Z", "source": null, "record": null},
          {"rule": "positive-total", "reason": "broke positive-total", "failedAt": "2026-12-01T09:58:59Z", "source": null, "record": null},
          {"rule": "positive-total", "reason": "broke positive-total", "failedAt": "2026-12-01T09:54:00Z", "source": "shop.orders/0@4", "record": "{\\"order_id\\": 4}"},
          {"rule": "positive-total", "reason": "broke positive-total", "failedAt": "2026-12-01T09:53:00Z", "source": "shop.orders/0@3", "record": "{\\"order_id\\": 3}"},
          {"rule": "positive-total", "reason": "broke positive-total", "failedAt": "2026-12-01T09:52:00Z", "source": "shop.orders/0@2", "record": "{\\"order_id\\": 2}"},
          {"rule": "positive-total", "reason": "broke positive-total", "failedAt": "2026-12-01T09:51:30Z", "source": "shop.orders/1@7", "record": "{\\"order_id\\": 1}"}]}
        """));
    assertError(catalog.post(path, "{\"timestamp\": \"yesterday\", \"counts\": {\"parse\": -1}, \"latest\": [{\"rule\": \"other\"}]}"), 400,
        "timestamp: must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was 'yesterday'; counts.parse: must be a whole number from 0, was -1;"
            + " latest[0].rule: must be one of the rules counted");
    assertThat(catalog.post(path, "{\"timestamp\": \"2026-12-01T09:59:00Z\"}", null).statusCode()).isEqualTo(401);
  }

  @Test
  void chargesBackCostWithExactFigures() throws Exception {
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    String orders = "/api/v1/products/orders/order-events/metrics";
    String customers = "/api/v1/products/customers/customer-profiles/metrics";
    // 1.5 CPU-hours; 720 GB held for an hour = 1 GB-month; 100 GB transferred
    catalog.post(orders, sample("2026-12-01T09:00:00Z", 3600, 10, 10, 0, "5400", 30_000_000_000L, 70_000_000_000L, 500_000_000_000L, 220_000_000_000L, null));
    catalog.post(orders, sample("2026-12-01T08:00:00Z", 3600, 10, 10, 0, "1800.5", 1_000_000_000L, 0, 0, 0, null));
    catalog.post(customers, sample("2026-11-30T10:00:00Z", 86400, 10, 10, 0, "360", 3_000_000_000L, 4_500_000_000L, 1_000_000_000L, 0, null));
    // outside the window: 8 days ago, and exactly 7 days ago (the window's start is excluded)
    catalog.post(customers, sample("2026-11-23T10:00:00Z", 60, 1, 1, 0, "99999", 9_000_000_000_000L, 0, 0, 0, null));
    catalog.post(customers, sample("2026-11-24T10:00:00Z", 60, 1, 1, 0, "99999", 9_000_000_000_000L, 0, 0, 0, null));

    assertResponse(catalog.get("/api/v1/cost?since=7d&by=domain"), 200, """
        {"since": "7d", "from": "2026-11-24T10:00:00Z", "to": "2026-12-01T10:00:00Z", "by": "domain", "currency": "EUR",
         "rows": [
           {"domain": "customers", "cpuHours": "0.100000", "gbMonthsStored": "0.033333", "gbTransferred": "7.500000",
            "cpuCost": "0.01", "storageCost": "0.00", "transferCost": "0.38", "totalCost": "0.39"},
           {"domain": "orders", "cpuHours": "2.000139", "gbMonthsStored": "1.000000", "gbTransferred": "101.000000",
            "cpuCost": "0.20", "storageCost": "0.02", "transferCost": "5.05", "totalCost": "5.27"}],
         "totalCost": "5.66"}
        """);
    JsonNode byCentre = json(catalog.get("/api/v1/cost?since=7d&by=costCenter").body());
    assertThat(byCentre.get("rows").get(0).get("costCenter").asText()).isEqualTo("CC-1234");
    assertThat(byCentre.get("rows").get(0).get("totalCost").asText()).isEqualTo("5.27");
    assertThat(byCentre.get("rows").get(1).get("costCenter").asText()).isEqualTo("CC-2000");
    HttpResponse<String> csv = catalog.get("/api/v1/cost?since=7d&by=product&format=csv");
    assertThat(csv.headers().firstValue("Content-Type")).hasValue("text/csv; charset=utf-8");
    assertThat(csv.body()).isEqualTo("product,cpu_hours,gb_months_stored,gb_transferred,cpu_cost,storage_cost,transfer_cost,total_cost,currency\r\n"
        + "customers.customer-profiles,0.100000,0.033333,7.500000,0.01,0.00,0.38,0.39,EUR\r\n"
        + "orders.order-events,2.000139,1.000000,101.000000,0.20,0.02,5.05,5.27,EUR\r\n");
    assertThat(json(catalog.get("/api/v1/cost?since=1h").body()).get("totalCost").asText()).isEqualTo("0.00");
  }

  @Test
  void webPagesEscapeWhatProductsSay() throws Exception {
    catalog.post("/api/v1/products", Registrations.orderEvents().replace("Every order placed", "<script>alert('x')</script> & more"));
    String page = catalog.get("/products/orders/order-events").body();
    assertThat(page).contains("<p id=\"description\">&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more, enriched with the customer&#39;s tier.</p>")
        .doesNotContain("<script>");
    assertThat(catalog.get("/?q=%3Cscript%3E").body()).contains("value=\"&lt;script&gt;\"", "<p id=\"count\">1 product</p>")
        .doesNotContain("<script>");
  }

  @Test
  void theOpenApiDocumentListsEveryRouteServed() throws Exception {
    HttpResponse<String> response = catalog.get("/api/openapi.json");
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode paths = json(response.body()).get("paths");
    Set<String> documented = new TreeSet<>();
    for (Iterator<String> path = paths.fieldNames(); path.hasNext(); ) {
      String name = path.next();
      paths.get(name).fieldNames().forEachRemaining(method -> documented.add(method.toUpperCase() + " " + name));
    }
    Set<String> served = new TreeSet<>();
    for (Route route : catalog.service.routes()) {
      served.add(route.method() + " " + route.template());
    }
    assertThat(documented).isEqualTo(served);
    assertThat(served).hasSize(25);
    for (Route route : catalog.service.routes()) {
      boolean secured = paths.get(route.template()).get(route.method().toLowerCase()).has("security");
      assertThat(secured).as(route.method() + " " + route.template()).isEqualTo(route.needsToken());
    }
  }
}
