package dev.weft.catalog.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.catalog.health.MetricsSample;
import dev.weft.catalog.product.Major;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.SemanticVersion;
import dev.weft.catalog.runs.ProductRun;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * How the runtime talks to the catalog: over its HTTP API only. A refusal becomes a
 * {@link CatalogException} carrying the catalog's own message.
 */
public final class CatalogClient {
  private final URI base;
  private final String token;
  private final ObjectMapper json = new ObjectMapper()
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
  private final HttpClient http;

  /** {@code base} such as {@code http://catalog:8081}; {@code token} is a domain's or the admin's token, blank for none. */
  public CatalogClient(URI base, String token) {
    this(base, token, null);
  }

  /**
   * @param tls what an {@code https} catalog's certificate is checked against ({@link
   *     CatalogTrust#trusting}); null is the JVM's default trust store
   */
  public CatalogClient(URI base, String token, javax.net.ssl.SSLContext tls) {
    this.base = base;
    this.token = token;
    HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
    if (tls != null) {
      builder.sslContext(tls);
    }
    this.http = builder.build();
  }

  /** Registers a product version; answers the catalog's outcome: created, new_version or unchanged. */
  public String register(ProductRegistration registration) {
    return post("/api/v1/products", write(registration)).get("outcome").asText();
  }

  /**
   * The registered version a new {@code version} of the product is checked against (the highest of
   * its major before it), or empty when there is none.
   */
  public java.util.Optional<ProductRegistration> predecessor(String domain, String name, String version) {
    java.util.Optional<JsonNode> versions = history(domain, name);
    if (versions.isEmpty()) {
      return java.util.Optional.empty();
    }
    java.util.List<String> registered = new java.util.ArrayList<>();
    versions.get().get("versions").forEach(v -> registered.add(v.get("version").asText()));
    java.util.Optional<String> previous = SemanticVersion.predecessor(registered, version);
    if (previous.isEmpty()) {
      return java.util.Optional.empty();
    }
    JsonNode stored = get(product(domain, name) + "/versions/" + segment(previous.get()));
    try {
      return java.util.Optional.of(json.treeToValue(stored.get("registration"), ProductRegistration.class));
    } catch (IOException e) {
      throw new CatalogException(0, "the catalog at " + base + " sent a registration of " + domain + "." + name + " " + previous.get()
          + " that cannot be read: " + e.getMessage());
    }
  }

  /** The product's majors as the catalog lists them, lowest first; empty when it is not registered. */
  public java.util.List<Major> majors(String domain, String name) {
    java.util.List<Major> majors = new java.util.ArrayList<>();
    history(domain, name).ifPresent(history -> history.get("majors").forEach(m -> majors.add(new Major(
        m.get("major").asLong(), m.get("latestVersion").asText(),
        m.get("retiredAt").isNull() ? null : java.time.Instant.parse(m.get("retiredAt").asText()),
        m.get("retiredBecause").isNull() ? null : m.get("retiredBecause").asText()))));
    return majors;
  }

  /**
   * The product as {@code GET /api/v1/products/{domain}/{name}} shows it: its current registration,
   * {@code downstream} (the products that read it) and {@code status}; empty when it is not registered.
   */
  public java.util.Optional<JsonNode> productView(String domain, String name) {
    return getIfFound(product(domain, name));
  }

  /**
   * What a proposed version of the product would touch and break, in one request; empty when the
   * catalog holds no product of that name (then nothing reads it yet).
   */
  public java.util.Optional<dev.weft.catalog.impact.Impact> impact(String domain, String name, dev.weft.catalog.impact.ImpactRequest proposal) {
    String path = product(domain, name) + "/impact";
    HttpRequest request = authorized(HttpRequest.newBuilder(base.resolve(path)))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(write(proposal), StandardCharsets.UTF_8))
        .build();
    String body;
    try {
      body = send(request);
    } catch (CatalogException e) {
      if (e.status() == 404 && e.getMessage().contains(": 404 no product ")) {
        return java.util.Optional.empty();
      }
      throw e;
    }
    try {
      return java.util.Optional.of(json.readValue(body, dev.weft.catalog.impact.Impact.class));
    } catch (IOException e) {
      throw new CatalogException(0, "the catalog at " + base + " answered " + path + " with something that is not an impact: " + e.getMessage());
    }
  }

  /** {@code …/versions}: the versions and majors, empty when the product is not registered. */
  private java.util.Optional<JsonNode> history(String domain, String name) {
    return getIfFound(product(domain, name) + "/versions");
  }

  /** Retires one major of a product; answers when it was retired (earlier, if it already was). */
  public java.time.Instant retire(String domain, String name, long major, String reason, boolean force) {
    JsonNode answer = post(product(domain, name) + "/majors/" + major + "/retire" + (force ? "?force=true" : ""),
        json.createObjectNode().put("reason", reason).toString());
    return java.time.Instant.parse(answer.get("retiredAt").asText());
  }

  /** The policy file the catalog checks registrations against, if it holds one. */
  public java.util.Optional<String> policies() {
    return getIfFound("/api/v1/policies").map(answer -> answer.get("policies").asText());
  }

  public void reportMetrics(String domain, String name, MetricsSample sample) {
    post("/api/v1/products/" + segment(domain) + "/" + segment(name) + "/metrics", write(sample));
  }

  /** What the product's dead-letter topic received since the last report. */
  public void reportDeadLetters(String domain, String name, dev.weft.catalog.health.DeadLetterReport report) {
    post("/api/v1/products/" + segment(domain) + "/" + segment(name) + "/dead-letters", write(report));
  }

  /** Records a run of the product's scheduled work: a batch run, a backfill window, a maintenance task. */
  public void reportRun(String domain, String name, ProductRun run) {
    post("/api/v1/products/" + segment(domain) + "/" + segment(name) + "/runs", write(run));
  }

  /** Sends an OpenLineage RunEvent (as the catalog's {@code RunEventBuilder} makes them); answers its id. */
  public long sendRunEvent(JsonNode event) {
    return post("/api/v1/lineage/openlineage", event.toString()).get("id").asLong();
  }

  /** The chargeback report as the catalog renders it, CSV or JSON text. */
  public String cost(String since, String by, boolean csv) {
    return send(authorized(HttpRequest.newBuilder(base.resolve("/api/v1/cost?since=" + query(since) + "&by=" + query(by) + (csv ? "&format=csv" : ""))))
        .GET().build());
  }

  /** Makes a token for {@code domain} (admin only): {@code id}, {@code domain}, {@code createdAt} and, this once, {@code token}. */
  public JsonNode createToken(String domain) {
    return post("/api/v1/tokens", json.createObjectNode().put("domain", domain).toString());
  }

  /** Every domain token, without secrets (admin only). */
  public JsonNode tokens() {
    return get("/api/v1/tokens").get("tokens");
  }

  /** Revokes a domain token (admin only); answers it as it is now. */
  public JsonNode revokeToken(long id) {
    return post("/api/v1/tokens/" + id + "/revoke", "");
  }

  private static String product(String domain, String name) {
    return "/api/v1/products/" + segment(domain) + "/" + segment(name);
  }

  private JsonNode get(String path) {
    return parse(path, send(authorized(HttpRequest.newBuilder(base.resolve(path))).GET().build()));
  }

  /** Reads carry the token too: a catalog started with --read-auth serves them only so. */
  private HttpRequest.Builder authorized(HttpRequest.Builder request) {
    return token == null || token.isBlank() ? request : request.header("Authorization", "Bearer " + token);
  }

  private JsonNode parse(String path, String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new CatalogException(0, "the catalog at " + base + " answered " + path + " with something that is not JSON: " + e.getMessage());
    }
  }

  private java.util.Optional<JsonNode> getIfFound(String path) {
    try {
      return java.util.Optional.of(get(path));
    } catch (CatalogException e) {
      if (e.status() == 404) {
        return java.util.Optional.empty();
      }
      throw e;
    }
  }

  private JsonNode post(String path, String body) {
    HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer " + token)
        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
        .build();
    return parse(path, send(request));
  }

  private String send(HttpRequest request) {
    String what = request.method() + " " + request.uri().getRawPath();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      // a refused connection comes without a message: its type is the reason then
      String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
      throw new CatalogException(0, "cannot reach the catalog at " + base + " (" + what + "): " + reason);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CatalogException(0, "interrupted while waiting for the catalog (" + what + ")");
    }
    if (response.statusCode() >= 400) {
      throw new CatalogException(response.statusCode(), "the catalog refused " + what + ": " + response.statusCode() + " " + errorMessage(response.body()));
    }
    return response.body();
  }

  private String errorMessage(String body) {
    try {
      JsonNode error = json.readTree(body).get("error");
      return error != null ? error.asText() : body;
    } catch (IOException e) {
      return body;
    }
  }

  private String write(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
    }
  }

  private static String segment(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static String query(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }
}
