package dev.weft.jobs.avro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * The few calls of a Confluent-compatible schema registry's REST API that Weft makes (Confluent's
 * own, or e.g. Apicurio's {@code /apis/ccompat/v7}): register a subject's schema, set a subject's
 * compatibility, read a schema by id.
 */
public final class SchemaRegistryClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  /** @param baseUrl where the API's {@code /subjects}, {@code /schemas} and {@code /config} are, e.g. {@code http://host:8080/apis/ccompat/v7} */
  public SchemaRegistryClient(String baseUrl) {
    this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Registers {@code schema} (Avro JSON) under {@code subject}, or finds it registered there already: its id. */
  public int register(String subject, String schema) throws IOException {
    String body = JSON.writeValueAsString(JSON.createObjectNode().put("schema", schema));
    return call(post("/subjects/" + subject + "/versions", body)).path("id").asInt();
  }

  /** Sets the compatibility mode ({@code BACKWARD}, {@code FORWARD}, {@code FULL}, {@code NONE}) that new schemas of {@code subject} must meet. */
  public void setCompatibility(String subject, String mode) throws IOException {
    String body = JSON.writeValueAsString(JSON.createObjectNode().put("compatibility", mode));
    call(HttpRequest.newBuilder(uri("/config/" + subject)).timeout(TIMEOUT).header("Content-Type", CONTENT_TYPE)
        .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  /** The schema (Avro JSON) registered with {@code id}. */
  public String schema(int id) throws IOException {
    return call(HttpRequest.newBuilder(uri("/schemas/ids/" + id)).timeout(TIMEOUT).GET().build()).path("schema").asText();
  }

  private HttpRequest post(String path, String body) {
    return HttpRequest.newBuilder(uri(path)).timeout(TIMEOUT).header("Content-Type", CONTENT_TYPE)
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }

  private JsonNode call(HttpRequest request) throws IOException {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while asking the schema registry at " + baseUrl, e);
    } catch (IOException e) {
      throw new Unreachable(baseUrl, e);
    }
    if (response.statusCode() / 100 != 2) {
      throw new Refusal(response.statusCode(), message(response.body()));
    }
    return JSON.readTree(response.body());
  }

  /** The registry's own words: its error's {@code message}, else the body as it is. */
  private static String message(String body) {
    try {
      JsonNode error = JSON.readTree(body);
      return error.hasNonNull("message") ? error.get("message").asText() : body;
    } catch (IOException notJson) {
      return body;
    }
  }

  /** The registry answered, and said no (an incompatible schema: 409; an unknown id: 404). */
  public static final class Refusal extends IOException {
    private final int status;

    Refusal(int status, String message) {
      super(message);
      this.status = status;
    }

    /** The HTTP status of the answer. */
    public int status() {
      return status;
    }
  }

  /** The registry did not answer: nothing is known about the schema, so no record may be judged by it. */
  public static final class Unreachable extends java.io.UncheckedIOException {
    Unreachable(String baseUrl, IOException cause) {
      super("the schema registry at " + baseUrl + " does not answer: " + cause, cause);
    }
  }
}
