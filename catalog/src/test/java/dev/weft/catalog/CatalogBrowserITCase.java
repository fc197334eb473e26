package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web page in a real headless Chromium (Debian's package): the product page shows the schema rows
 * and the lineage SVG, and a screenshot is saved under target/. Skipped, with the reason, without Chromium.
 */
class CatalogBrowserITCase {
  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

  @TempDir static Path data;
  private static CatalogFixture catalog;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed (apt-get install -y chromium chromium-driver): browser test skipped");
    catalog = new CatalogFixture(data.resolve("postgres"));
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    catalog.post("/api/v1/products/orders/order-events/metrics", "{\"timestamp\": \"2026-12-01T09:59:00Z\", \"intervalSeconds\": 60,"
        + " \"recordsIn\": 1000, \"recordsOut\": 995, \"recordsRejected\": 5, \"cpuSeconds\": 12.5, \"newestEventTime\": \"2026-12-01T09:59:30Z\","
        + " \"consumerGroups\": [{\"group\": \"marketing-app\", \"lag\": 42}]}");
  }

  @AfterAll
  static void stop() throws Exception {
    if (catalog != null) {
      catalog.close();
    }
  }

  private static String chromium(String url, String... extra) throws Exception {
    Path profile = Files.createTempDirectory(data, "chromium-profile");
    List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--user-data-dir=" + profile));
    command.addAll(List.of(extra));
    command.add(url);
    Path out = data.resolve("chromium-" + System.nanoTime() + ".out");
    Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("Chromium did not finish with " + url);
    }
    assertThat(process.exitValue()).as("chromium exit code").isZero();
    return Files.readString(out, StandardCharsets.UTF_8);
  }

  @Test
  void theProductPageShowsSchemaStatusAndLineage() throws Exception {
    String dom = chromium(catalog.base() + "/products/orders/order-events", "--dump-dom");
    assertThat(dom).contains("<h1>orders.order-events <small>1.2.0</small></h1>",
        "<tr class=\"column\"><td>order_id</td><td>BIGINT</td><td>Order id</td><td></td></tr>",
        "<tr class=\"column\"><td>customer_email</td><td>STRING</td><td>Who ordered</td><td class=\"pii\">PII (masked: sha256)</td></tr>",
        "<tr class=\"column\"><td>order_total</td><td>DECIMAL(12,2)</td><td>Total with tax</td><td></td></tr>",
        "<tr class=\"column\"><td>customer_tier</td><td>STRING</td><td>Tier when ordered</td><td></td></tr>",
        "<pre id=\"trino-query\">SELECT * FROM iceberg.orders.order_events_v1 LIMIT 10</pre>",
        "<tr><th>topic</th><td>orders.order-events.v1</td></tr>",
        "<tr><th>owner</th><td>orders-team@acme.example</td></tr>",
        "<td class=\"ok\">ok</td>",
        "<tr><th>freshness</th><td>30s (SLA 60s)</td></tr>",
        "<tr><th>valid ratio</th><td>0.9950 (minimum 0.99)</td></tr>",
        "<tr><th>consumers of the topic (lag)</th><td>marketing-app (42)</td></tr>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\"",
        ">topic: shop.orders</text>", ">product: customers.customer-profiles</text>", ">product: orders.order-events</text>");
    assertThat(dom.split("<tr class=\"column\">", -1)).hasSize(5);
    assertThat(dom.split("<line class=\"edge\"", -1)).hasSize(3);

    Path screenshot = Path.of("target", "catalog-product-page.png").toAbsolutePath();
    Files.deleteIfExists(screenshot);
    chromium(catalog.base() + "/products/orders/order-events", "--screenshot=" + screenshot, "--window-size=1200,1500", "--hide-scrollbars");
    assertThat(screenshot).exists();
    byte[] png = Files.readAllBytes(screenshot);
    assertThat(png.length).isGreaterThan(10_000);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
  }

  @Test
  void theListSearchesAndTheCostPageShowsTheTable() throws Exception {
    String list = chromium(catalog.base() + "/?q=tier", "--dump-dom");
    assertThat(list).contains("<p id=\"count\">2 products</p>", "<a href=\"/products/orders/order-events\">orders.order-events</a>",
        "<a href=\"/products/customers/customer-profiles\">customers.customer-profiles</a>");
    assertThat(chromium(catalog.base() + "/?q=enriched", "--dump-dom")).contains("<p id=\"count\">1 product</p>")
        .doesNotContain("customers.customer-profiles</a>");
    String cost = chromium(catalog.base() + "/cost?since=7d&by=product", "--dump-dom");
    assertThat(cost).contains("<tr><td>orders.order-events</td><td>0.003472</td><td>0.000000</td><td>0.000000</td><td>0.00</td>"
        + "<td>0.00</td><td>0.00</td><td>0.00</td></tr>");
  }
}
