package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.storage.EmbeddedCatalogDatabase;
import dev.weft.testing.WeftCommandLine;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft catalog} alone, on the embedded PostgreSQL or on a given one: it serves, checks the token, and stops when interrupted. */
class CatalogCommandITCase {
  private static final Pattern SERVING = Pattern.compile("catalog: serving http://localhost:(\\d+)/ .*");

  @TempDir Path data;

  @Test
  void servesTheCatalogOnTheEmbeddedDatabaseUntilStopped() throws Exception {
    servesUntilStopped("database embedded in " + data, "catalog", "--port", "0", "--token", "secret", "--data-dir", data.toString());
  }

  @Test
  void servesTheCatalogOnAGivenDatabase() throws Exception {
    try (EmbeddedCatalogDatabase postgres = EmbeddedCatalogDatabase.start(data.resolve("given"))) {
      String url = postgres.database().url();
      servesUntilStopped("database " + url, "catalog", "--db", url, "--db-user", "postgres", "--port", "0", "--token", "secret");
    }
  }

  /** weft catalog token create/list/revoke against the running catalog, with its admin token. */
  private static void managesDomainTokens(String base) throws Exception {
    WeftCommandLine create = new WeftCommandLine();
    assertThat(create.run("catalog", "token", "create", "--domain", "orders", "--catalog-url", base, "--catalog-token", "secret"))
        .as(create.err()).isZero();
    String token = create.out().strip();
    assertThat(token).matches("wct_[A-Za-z0-9_-]{43}");
    assertThat(create.err()).startsWith("token 1 for domain orders made; it is shown only now");
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> foreign = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products/customers/customer-profiles/runs"))
        .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    WeftCommandLine domain = new WeftCommandLine();
    assertThat(domain.run("catalog", "token", "list", "--catalog-url", base, "--catalog-token", token)).isEqualTo(1);
    assertThat(domain.err()).isEqualTo("the catalog refused GET /api/v1/tokens: 403 the token of domain 'orders' may not list catalog tokens; "
        + "only the admin token may\n");
    WeftCommandLine revoke = new WeftCommandLine();
    assertThat(revoke.run("catalog", "token", "revoke", "1", "--catalog-url", base, "--catalog-token", "secret")).as(revoke.err()).isZero();
    assertThat(revoke.out()).startsWith("token 1 of domain orders revoked at ");
    WeftCommandLine list = new WeftCommandLine();
    assertThat(list.run("catalog", "token", "list", "--catalog-url", base, "--catalog-token", "secret")).isZero();
    assertThat(list.out().lines().toList()).hasSize(2);
    assertThat(list.out().lines().skip(1).findFirst().orElseThrow()).startsWith("1      orders ").doesNotEndWith(" -");
  }

  private void servesUntilStopped(String database, String... args) throws Exception {
    WeftCommandLine cli = new WeftCommandLine();
    int[] exit = {-1};
    Thread command = new Thread(() -> exit[0] = cli.run(args));
    command.start();
    Matcher serving = SERVING.matcher("");
    // waits for the start-up line (the embedded PostgreSQL takes a few seconds), not a timing assertion
    for (int i = 0; i < 1200 && command.isAlive() && !serving.reset(cli.out().strip()).matches(); i++) {
      Thread.sleep(100);
    }
    assertThat(cli.out().strip()).as(cli.err()).matches(SERVING.pattern()).endsWith(database);
    String base = "http://localhost:" + serving.group(1);
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> unauthorised = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(unauthorised.statusCode()).isEqualTo(401);
    HttpResponse<String> invalid = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products"))
        .header("Authorization", "Bearer secret").POST(HttpRequest.BodyPublishers.ofString("{\"domain\": \"orders\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.body()).startsWith("{\"error\":\"name: missing; version: missing;");
    assertThat(http.send(HttpRequest.newBuilder(URI.create(base + "/api/openapi.json")).build(), HttpResponse.BodyHandlers.ofString())
        .statusCode()).isEqualTo(200);
    assertThat(cli.out()).contains(", on loopback only (--bind to change), ");
    managesDomainTokens(base);

    command.interrupt();
    command.join();
    assertThat(exit[0]).isZero();
  }
}
