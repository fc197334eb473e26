package dev.weft.catalog;

import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.storage.CatalogDatabase;
import dev.weft.catalog.storage.EmbeddedCatalogDatabase;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/** One embedded PostgreSQL and one catalog service for a test class, with a fixed clock and price table. */
final class CatalogFixture implements AutoCloseable {
  static final String TOKEN = "test-token";
  static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  static final PriceTable PRICES = new PriceTable("EUR", new BigDecimal("0.10"), new BigDecimal("0.02"), new BigDecimal("0.05"));
  static final long MAX_REQUEST_BYTES = 64 * 1024;

  private final EmbeddedCatalogDatabase postgres;
  final CatalogDatabase database;
  final CatalogService service;
  private final HttpClient http = HttpClient.newHttpClient();

  CatalogFixture(Path dataDirectory) throws IOException {
    postgres = EmbeddedCatalogDatabase.start(dataDirectory);
    database = postgres.database();
    service = CatalogService.start(database, settings());
  }

  /** The settings of the fixture's service: a free port, the fixed clock and prices. */
  static CatalogSettings settings() {
    return CatalogSettings.defaults(TOKEN).withPort(0).withMaxRequestBytes(MAX_REQUEST_BYTES)
        .withPrices(PRICES).withClock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  /** A second service on the same database, with other settings; the caller closes it. */
  CatalogService startAnother(CatalogSettings settings) throws IOException {
    return CatalogService.start(postgres.database(), settings);
  }

  String base() {
    return "http://localhost:" + service.port();
  }

  HttpResponse<String> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> get(String path, String authorization) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).header("Authorization", authorization).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body) throws Exception {
    return post(path, body, "Bearer " + TOKEN);
  }

  HttpResponse<String> post(String path, String body, String authorization) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(base() + path)).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Rows in a table, to check that a refused request wrote nothing. */
  long count(String table) throws Exception {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT count(*) FROM " + table)) {
      row.next();
      return row.getLong(1);
    }
  }

  void clear() throws Exception {
    try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
      statement.execute("TRUNCATE product, product_version, product_tag, product_column, product_input, openlineage_event, metrics_sample, dead_letter_count, dead_letter,"
          + " product_run, major_retirement, product_output_name, catalog_token RESTART IDENTITY");
    }
  }

  @Override
  public void close() throws IOException {
    service.close();
    postgres.close();
  }
}
