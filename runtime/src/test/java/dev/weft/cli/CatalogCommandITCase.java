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

    command.interrupt();
    command.join();
    assertThat(exit[0]).isZero();
  }
}
