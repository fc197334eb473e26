package dev.weft.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.catalog.auth.CatalogTokens;
import dev.weft.catalog.cost.Chargeback;
import dev.weft.catalog.cost.CostQuery;
import dev.weft.catalog.health.ChartSpan;
import dev.weft.catalog.health.DeadLetterReport;
import dev.weft.catalog.health.MetricsSample;
import dev.weft.catalog.http.JsonBodies;
import dev.weft.catalog.http.Request;
import dev.weft.catalog.http.Response;
import dev.weft.catalog.http.Route;
import dev.weft.catalog.impact.ImpactRequest;
import dev.weft.catalog.lineage.LineageGraph;
import dev.weft.catalog.lineage.LineageSvg;
import dev.weft.catalog.openlineage.RunEvents;
import dev.weft.catalog.product.Major;
import dev.weft.catalog.product.MajorStore;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductStore;
import dev.weft.catalog.product.RegistrationValidator;
import dev.weft.catalog.runs.ProductRun;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The JSON API under {@code /api/v1}, and its OpenAPI document. */
public final class ApiRoutes {
  private static final int MAX_LIMIT = 500;

  private final ProductCatalog catalog;
  private final ObjectMapper json;
  private final Duration qualityWindow;

  public ApiRoutes(ProductCatalog catalog, ObjectMapper json, Duration qualityWindow) {
    this.catalog = catalog;
    this.json = json;
    this.qualityWindow = qualityWindow;
  }

  public List<Route> routes() {
    return List.of(
        new Route("GET", "/api/openapi.json", false, this::openApi),
        new Route("GET", "/api/v1/products", false, this::search),
        new Route("POST", "/api/v1/products", true, this::register),
        new Route("GET", "/api/v1/products/{domain}/{name}", false, this::product),
        new Route("GET", "/api/v1/products/{domain}/{name}/versions", false, this::versions),
        new Route("GET", "/api/v1/products/{domain}/{name}/versions/{version}", false, this::version),
        new Route("POST", "/api/v1/products/{domain}/{name}/majors/{major}/retire", true, this::retire),
        // a POST because the proposal is a body, but it only reads: the same token rules as the GETs
        new Route("POST", "/api/v1/products/{domain}/{name}/impact", false, this::impact),
        new Route("POST", "/api/v1/products/{domain}/{name}/metrics", true, this::metrics),
        new Route("POST", "/api/v1/products/{domain}/{name}/dead-letters", true, this::recordDeadLetters),
        new Route("GET", "/api/v1/products/{domain}/{name}/dead-letters", false, this::deadLetters),
        new Route("GET", "/api/v1/products/{domain}/{name}/openlineage", false, this::runEvents),
        new Route("GET", "/api/v1/products/{domain}/{name}/runs", false, this::runs),
        new Route("POST", "/api/v1/products/{domain}/{name}/runs", true, this::recordRun),
        new Route("GET", "/api/v1/lineage", false, this::lineage),
        new Route("GET", "/api/v1/lineage/graph.svg", false, this::lineageSvg),
        new Route("POST", "/api/v1/lineage/openlineage", true, this::storeRunEvent),
        new Route("GET", "/api/v1/cost", false, this::cost),
        new Route("GET", "/api/v1/policies", false, this::policies),
        new Route("POST", "/api/v1/tokens", true, this::createToken),
        new Route("GET", "/api/v1/tokens", true, this::tokens),
        new Route("POST", "/api/v1/tokens/{id}/revoke", true, this::revokeToken));
  }

  private Response openApi(Request request) throws IOException {
    request.allowQueryParameters();
    try (InputStream in = ApiRoutes.class.getResourceAsStream("/openapi.json")) {
      return Response.text(200, "application/json; charset=utf-8", new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  private Response register(Request request) throws Exception {
    request.allowQueryParameters();
    ProductRegistration registration = JsonBodies.read(json, request.body(), ProductRegistration.class);
    if (registration.domain() != null) {
      request.caller().requireOwner(registration.domain(), "register products");
    }
    refuse(RegistrationValidator.problems(registration));
    ProductStore.Outcome outcome = catalog.register(registration);
    ObjectNode body = json.createObjectNode();
    body.put("product", registration.qualifiedName());
    body.put("version", registration.version());
    body.put("outcome", outcome.name().toLowerCase());
    body.put("url", "/api/v1/products/" + registration.domain() + "/" + registration.name());
    return Response.json(outcome == ProductStore.Outcome.UNCHANGED ? 200 : 201, body.toString());
  }

  private Response search(Request request) throws Exception {
    request.allowQueryParameters("q", "domain", "owner", "tag", "column", "limit", "offset");
    int limit = wholeNumber(request, "limit", 50, 1, MAX_LIMIT);
    int offset = wholeNumber(request, "offset", 0, 0, Integer.MAX_VALUE);
    var query = new ProductStore.SearchQuery(request.query("q"), blankToNull(request.query("domain")), blankToNull(request.query("owner")),
        blankToNull(request.query("tag")), blankToNull(request.query("column")), limit, offset);
    ArrayNode products = json.createArrayNode();
    for (ProductStore.Summary summary : catalog.search(query)) {
      products.add(json.valueToTree(summary));
    }
    ObjectNode body = json.createObjectNode();
    body.put("count", products.size());
    body.put("limit", limit);
    body.put("offset", offset);
    body.set("products", products);
    return Response.json(200, body.toString());
  }

  private Response product(Request request) throws Exception {
    request.allowQueryParameters();
    ProductCatalog.ProductView view = catalog.view(ref(request));
    ObjectNode body = productJson(view);
    if (!request.caller().owns(view.registration().domain())) {
      body.remove("specYaml");
    }
    return Response.json(200, body.toString());
  }

  private ObjectNode productJson(ProductCatalog.ProductView view) {
    ObjectNode body = json.valueToTree(view.registration());
    body.put("firstRegisteredAt", view.stored().firstRegisteredAt().toString());
    body.put("registeredAt", view.stored().registeredAt().toString());
    body.set("versions", versionsJson(view.versions()));
    body.set("majors", majorsJson(view.majors()));
    ArrayNode downstream = body.putArray("downstream");
    view.downstream().forEach(ref -> downstream.add(ref.toString()));
    body.put("trinoQuery", view.trinoQuery());
    ObjectNode status = body.putObject("status");
    status.put("state", view.health().state());
    ArrayNode reasons = status.putArray("reasons");
    view.health().reasons().forEach(reasons::add);
    status.put("freshnessSeconds", view.health().freshnessSeconds());
    status.put("freshnessSlaSeconds", view.health().freshnessSlaSeconds());
    status.put("validRatio", view.health().validRatio());
    status.put("minValidRatio", view.health().minValidRatio());
    status.put("window", DurationText.format(qualityWindow));
    status.put("samples", view.totals().samples());
    status.put("recordsIn", view.totals().recordsIn());
    status.put("recordsOut", view.totals().recordsOut());
    status.put("recordsRejected", view.totals().recordsRejected());
    status.put("bytesToTopic", view.totals().bytesToTopic());
    status.put("bytesToTable", view.totals().bytesToTable());
    status.put("lastSampleAt", view.totals().lastSampleAt() == null ? null : view.totals().lastSampleAt().toString());
    status.put("newestEventTime", view.totals().newestEventTime() == null ? null : view.totals().newestEventTime().toString());
    status.set("consumerGroups", json.valueToTree(view.consumerGroups()));
    return body;
  }

  private Response versions(Request request) throws Exception {
    request.allowQueryParameters();
    ProductRef ref = ref(request);
    ObjectNode body = json.createObjectNode();
    body.put("product", ref.toString());
    ProductCatalog.VersionHistory history = catalog.history(ref);
    body.set("versions", versionsJson(history.versions()));
    body.set("majors", majorsJson(history.majors()));
    return Response.json(200, body.toString());
  }

  private ArrayNode majorsJson(List<Major> majors) {
    ArrayNode array = json.createArrayNode();
    for (Major major : majors) {
      array.addObject().put("major", major.major()).put("latestVersion", major.latestVersion())
          .put("retiredAt", major.retiredAt() == null ? null : major.retiredAt().toString()).put("retiredBecause", major.retiredBecause());
    }
    return array;
  }

  private ArrayNode versionsJson(List<ProductStore.VersionEntry> versions) {
    ArrayNode array = json.createArrayNode();
    for (ProductStore.VersionEntry entry : versions) {
      array.addObject().put("version", entry.version()).put("registeredAt", entry.registeredAt().toString());
    }
    return array;
  }

  private Response version(Request request) throws Exception {
    request.allowQueryParameters();
    ProductStore.StoredVersion version = catalog.version(ref(request), request.pathParameter("version"));
    ObjectNode body = json.createObjectNode();
    body.put("product", ref(request).toString());
    body.put("version", version.version());
    body.put("registeredAt", version.registeredAt().toString());
    ObjectNode registration = json.valueToTree(json.readValue(version.registrationJson(), ProductRegistration.class));
    // spec text may name database hosts and users: only its owner and the admin see it
    if (request.caller().owns(ref(request).domain())) {
      body.put("specYaml", version.specYaml());
    } else {
      registration.remove("specYaml");
    }
    body.set("registration", registration);
    return Response.json(200, body.toString());
  }

  /** What a proposed version ({@link ImpactRequest}) would touch and break; reads only, writes nothing. */
  private Response impact(Request request) throws Exception {
    request.allowQueryParameters();
    ImpactRequest proposal = JsonBodies.read(json, request.body(), ImpactRequest.class);
    refuse(proposal.problems());
    return Response.json(200, json.writeValueAsString(catalog.impact(ref(request), proposal)));
  }

  /** Body {@code {"reason": "…"}}; {@code ?force=true} retires a major that other products still read. */
  private Response retire(Request request) throws Exception {
    request.allowQueryParameters("force");
    ProductRef ref = ref(request);
    request.caller().requireOwner(ref.domain(), "retire products");
    String majorText = request.pathParameter("major");
    long major = ProductRef.parseMajor(majorText).orElseThrow(() ->
        Refusal.invalid("major must be a whole number from 1, was '" + majorText + "'"));
    String force = request.query("force") == null ? "false" : request.query("force");
    if (!force.equals("true") && !force.equals("false")) {
      throw Refusal.invalid("query parameter 'force' must be true or false, was '" + force + "'");
    }
    Retire body = JsonBodies.read(json, request.body(), Retire.class);
    if (body.reason() == null || body.reason().isBlank()) {
      throw Refusal.invalid("reason: missing (why the major is retired, for its consumers)");
    }
    MajorStore.Retirement retirement = catalog.retire(ref, major, body.reason(), force.equals("true"));
    return Response.json(200, json.createObjectNode().put("product", ref.toString()).put("major", major)
        .put("retiredAt", retirement.retiredAt().toString()).put("reason", retirement.reason()).toString());
  }

  record Retire(String reason) {}

  private Response metrics(Request request) throws Exception {
    return recordOne(request, "report metrics of products", MetricsSample.class, MetricsSample::problems, catalog::recordMetrics);
  }

  private Response recordDeadLetters(Request request) throws Exception {
    return recordOne(request, "report dead letters of products", DeadLetterReport.class, DeadLetterReport::problems, catalog::recordDeadLetters);
  }

  /** Letters per rule over {@code since} (default 24h, one count per rule) and the latest letters the catalog keeps of each rule. */
  private Response deadLetters(Request request) throws Exception {
    request.allowQueryParameters("since");
    String sinceText = request.query("since") == null ? "24h" : request.query("since");
    Duration since = DurationText.parseOrNull(sinceText);
    if (since == null || since.isZero()) {
      throw Refusal.invalid("query parameter 'since' must be a whole number and a unit (s, m, h, d) such as 24h, was '" + sinceText + "'");
    }
    ProductRef ref = ref(request);
    ProductCatalog.DeadLetterHistory history = catalog.deadLetters(ref, new ChartSpan(catalog.now().minus(since), catalog.now(), since));
    ObjectNode body = json.createObjectNode();
    body.put("product", ref.toString());
    body.put("since", DurationText.format(since));
    ObjectNode counts = body.putObject("counts");
    history.counts().forEach(count -> counts.put(count.rule(), counts.path(count.rule()).asLong() + count.letters()));
    ArrayNode latest = body.putArray("latest");
    history.latest().forEach(letter -> latest.addObject().put("rule", letter.rule()).put("reason", letter.reason())
        .put("failedAt", letter.failedAt().toString()).put("source", letter.source()).put("record", letter.record()));
    return Response.json(200, body.toString());
  }

  private Response recordRun(Request request) throws Exception {
    return recordOne(request, "record runs of products", ProductRun.class, ProductRun::problems, catalog::recordRun);
  }

  /** Something a product reports about itself: read, checked, recorded, or refused with every problem. */
  private <T> Response recordOne(Request request, String action, Class<T> type, Function<T, List<String>> problems, Recorder<T> recorder)
      throws Exception {
    request.allowQueryParameters();
    ProductRef ref = ref(request);
    request.caller().requireOwner(ref.domain(), action);
    T reported = JsonBodies.read(json, request.body(), type);
    refuse(problems.apply(reported));
    recorder.record(ref, reported);
    return Response.json(201, json.createObjectNode().put("product", ref.toString()).put("recorded", 1).toString());
  }

  @FunctionalInterface
  private interface Recorder<T> {
    void record(ProductRef ref, T reported) throws Exception;
  }

  private Response runs(Request request) throws Exception {
    request.allowQueryParameters();
    ProductRef ref = ref(request);
    ObjectNode body = json.createObjectNode();
    body.put("product", ref.toString());
    body.set("runs", json.valueToTree(catalog.runs(ref)));
    return Response.json(200, body.toString());
  }

  private Response runEvents(Request request) throws Exception {
    request.allowQueryParameters();
    ProductRef ref = ref(request);
    ArrayNode events = json.createArrayNode();
    for (String payload : catalog.runEvents(ref)) {
      events.add(json.readTree(payload));
    }
    ObjectNode body = json.createObjectNode();
    body.put("product", ref.toString());
    body.set("events", events);
    return Response.json(200, body.toString());
  }

  private Response storeRunEvent(Request request) throws Exception {
    request.allowQueryParameters();
    JsonNode event = JsonBodies.readTree(json, request.body());
    refuse(RunEvents.problems(event));
    ProductRef job = ProductRef.parseOrNull(event.get("job").get("name").asText());
    if (job == null) {
      request.caller().requireAdmin("send run events of a job that is no product (" + event.get("job").get("name").asText() + ")");
    } else {
      request.caller().requireOwner(job.domain(), "send run events of products");
    }
    long id = catalog.storeRunEvent(event);
    return Response.json(201, json.createObjectNode().put("id", id).put("eventType", event.get("eventType").asText()).toString());
  }

  private Response lineage(Request request) throws Exception {
    request.allowQueryParameters("product");
    ProductCatalog.ProductView view = catalog.view(productParameter(request.query("product")));
    LineageGraph graph = catalog.lineage(view);
    ObjectNode body = json.createObjectNode();
    body.put("product", graph.product().toString());
    body.set("nodes", json.valueToTree(graph.nodes()));
    body.set("edges", json.valueToTree(graph.edges()));
    body.set("columns", json.valueToTree(view.registration().columnLineage()));
    return Response.json(200, body.toString());
  }

  private Response lineageSvg(Request request) throws Exception {
    request.allowQueryParameters("product");
    ProductCatalog.ProductView view = catalog.view(productParameter(request.query("product")));
    return Response.text(200, "image/svg+xml; charset=utf-8", LineageSvg.draw(catalog.lineage(view)));
  }

  private Response cost(Request request) throws Exception {
    request.allowQueryParameters("since", "by", "format");
    CostQuery query = CostQuery.of(request);
    Duration since = query.since();
    Chargeback.Grouping by = query.by();
    String format = request.query("format") == null ? "json" : request.query("format");
    if (!format.equals("json") && !format.equals("csv")) {
      throw Refusal.invalid("query parameter 'format' must be json or csv, was '" + format + "'");
    }
    Chargeback.Report report = catalog.cost(since, by);
    if (format.equals("csv")) {
      return Response.text(200, "text/csv; charset=utf-8", Chargeback.csv(report));
    }
    ObjectNode body = json.createObjectNode();
    body.put("since", DurationText.format(since));
    body.put("from", catalog.now().minus(since).toString());
    body.put("to", catalog.now().toString());
    body.put("by", by.parameter());
    body.put("currency", report.currency());
    ArrayNode rows = body.putArray("rows");
    for (Chargeback.Row row : report.rows()) {
      rows.addObject().put(by.parameter(), row.key())
          .put("cpuHours", row.cpuHours().toPlainString())
          .put("gbMonthsStored", row.gbMonthsStored().toPlainString())
          .put("gbTransferred", row.gbTransferred().toPlainString())
          .put("cpuCost", row.cpuCost().toPlainString())
          .put("storageCost", row.storageCost().toPlainString())
          .put("transferCost", row.transferCost().toPlainString())
          .put("totalCost", row.totalCost().toPlainString());
    }
    body.put("totalCost", report.totalCost().toPlainString());
    return Response.json(200, body.toString());
  }

  private Response policies(Request request) {
    request.allowQueryParameters();
    String text = catalog.policies().orElseThrow(() -> Refusal.notFound(
        "this catalog holds no policies (weft catalog --policies FILE gives it some)"));
    return Response.json(200, json.createObjectNode().put("policies", text).toString());
  }

  /** Body {@code {"domain": "orders"}}: answers the new token, the only time its secret is shown. */
  private Response createToken(Request request) throws Exception {
    request.allowQueryParameters();
    request.caller().requireAdmin("make catalog tokens");
    CreateToken body = JsonBodies.read(json, request.body(), CreateToken.class);
    CatalogTokens.NewToken made = catalog.createToken(body.domain());
    return Response.json(201, tokenJson(made.info()).put("token", made.token()).toString());
  }

  record CreateToken(String domain) {}

  private Response tokens(Request request) throws Exception {
    request.allowQueryParameters();
    request.caller().requireAdmin("list catalog tokens");
    ArrayNode tokens = json.createArrayNode();
    catalog.tokens().forEach(token -> tokens.add(tokenJson(token)));
    ObjectNode body = json.createObjectNode();
    body.set("tokens", tokens);
    return Response.json(200, body.toString());
  }

  private Response revokeToken(Request request) throws Exception {
    request.allowQueryParameters();
    request.caller().requireAdmin("revoke catalog tokens");
    String id = request.pathParameter("id");
    if (!id.matches("[1-9][0-9]{0,17}")) {
      throw Refusal.invalid("token id must be a whole number from 1, was '" + id + "'");
    }
    return Response.json(200, tokenJson(catalog.revokeToken(Long.parseLong(id))).toString());
  }

  private ObjectNode tokenJson(CatalogTokens.TokenInfo token) {
    return json.createObjectNode().put("id", token.id()).put("domain", token.domain()).put("createdAt", token.createdAt().toString())
        .put("revokedAt", token.revokedAt() == null ? null : token.revokedAt().toString());
  }

  /** The query parameter {@code product}: a bad reference is the caller's mistake. */
  private static ProductRef productParameter(String text) {
    if (text == null) {
      throw Refusal.invalid("query parameter 'product' is required (domain.name)");
    }
    ProductRef ref = ProductRef.parseOrNull(text);
    if (ref == null) {
      throw Refusal.invalid("query parameter 'product' must be domain.name, was '" + text + "'");
    }
    return ref;
  }

  private static ProductRef ref(Request request) {
    return new ProductRef(request.pathParameter("domain"), request.pathParameter("name"));
  }

  private static void refuse(List<String> problems) {
    if (!problems.isEmpty()) {
      throw Refusal.invalid(String.join("; ", problems));
    }
  }

  private static int wholeNumber(Request request, String name, int otherwise, int min, int max) {
    String text = request.query(name);
    if (text == null) {
      return otherwise;
    }
    try {
      int value = Integer.parseInt(text);
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // answered below
    }
    throw Refusal.invalid("query parameter '" + name + "' must be a whole number from " + min + " to " + max + ", was '" + text + "'");
  }

  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }
}
