package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web pages in a real headless Chromium (Debian's package, driven over DevTools by
 * {@link HeadlessChromium}): what each view shows (the charts' series and points, the exact
 * figures), each at 1200 and at 390 CSS pixels wide (nothing wider than the phone), and with the
 * keyboard only (Tab reaches the section links and the window switch, Enter follows one). A
 * screenshot of each view is saved under target/ and named in the test report. Skipped, with the
 * reason, without Chromium.
 */
class CatalogBrowserITCase {
  private static final int PHONE = 390;
  private static final int DESKTOP = 1200;
  /** The last element that took the keyboard's focus: its text, and its address if it is a link. */
  private static final String FOCUSED = "document.activeElement.textContent.trim()";

  @TempDir static Path data;
  private static CatalogFixture catalog;
  private static HeadlessChromium browser;

  @BeforeAll
  static void start() throws Exception {
    assumeTrue(Files.isExecutable(HeadlessChromium.BINARY),
        "Chromium is not installed (apt-get install -y chromium chromium-driver): browser test skipped");
    catalog = new CatalogFixture(data.resolve("postgres"));
    catalog.post("/api/v1/products", Registrations.customerProfiles("1.0.0"));
    catalog.post("/api/v1/products", Registrations.orderEvents());
    // one sample yesterday, so the 1 h window is full and the 24 h window starts there
    assertThat(catalog.post("/api/v1/products/orders/order-events/metrics", "{\"timestamp\": \"2026-11-30T12:00:00Z\", \"intervalSeconds\": 60,"
        + " \"recordsIn\": 100, \"recordsOut\": 100, \"newestEventTime\": \"2026-11-30T11:59:00Z\"}").statusCode()).isEqualTo(201);
    // four samples of the last hour (the fixture's clock says 10:00), one minute each, in four 1-minute buckets
    sample("09:56:00", 600, 594, 6, "6", "09:55:30", 1_000_000, 500_000, "{\"group\": \"marketing-app\", \"lag\": 42}, {\"group\": \"finance-app\", \"lag\": 7}");
    sample("09:57:00", 1200, 1188, 12, "12", "09:56:50", 2_000_000, 1_000_000,
        "{\"group\": \"marketing-app\", \"lag\": 10, \"members\": 2, \"state\": \"Stable\"}");
    sample("09:58:00", 0, 0, 0, "0", "09:56:50", 2_000_000, 1_000_000, "{\"group\": \"marketing-app\", \"lag\": 0}");
    sample("09:59:45", 1000, 995, 5, "12.5", "09:59:30", 3_000_000, 1_500_000,
        "{\"group\": \"marketing-app\", \"lag\": 5, \"members\": 0, \"state\": \"Empty\"}");
    assertThat(catalog.post("/api/v1/products/customers/customer-profiles/metrics", "{\"timestamp\": \"2026-12-01T09:30:00Z\","
        + " \"intervalSeconds\": 60, \"recordsIn\": 50, \"recordsOut\": 50, \"recordsRejected\": 0, \"cpuSeconds\": 3600}").statusCode()).isEqualTo(201);
    // what the runtime read from the dead-letter topic in two report intervals
    String email = "\\\"customer_email\\\": \\\"9f86d081884c7d65\\\"";
    assertThat(catalog.post("/api/v1/products/orders/order-events/dead-letters", "{\"timestamp\": \"2026-12-01T09:57:30Z\","
        + " \"counts\": {\"parse\": 1, \"positive-total\": 2}, \"latest\": ["
        + "{\"rule\": \"parse\", \"reason\": \"not JSON\", \"failedAt\": \"2026-12-01T09:57:05Z\", \"source\": \"shop.orders/1@99\"},"
        + "{\"rule\": \"positive-total\", \"reason\": \"broke positive-total\", \"failedAt\": \"2026-12-01T09:57:10Z\", \"source\": \"shop.orders/0@48\","
        + " \"record\": \"{\\\"order_id\\\": 49, " + email + ", \\\"order_total\\\": -12.50}\"},"
        + "{\"rule\": \"positive-total\", \"reason\": \"broke positive-total\", \"failedAt\": \"2026-12-01T09:57:20Z\", \"source\": \"shop.orders/1@50\","
        + " \"record\": \"{\\\"order_id\\\": 51, " + email + ", \\\"order_total\\\": -3.25}\"}]}").statusCode()).isEqualTo(201);
    assertThat(catalog.post("/api/v1/products/orders/order-events/dead-letters", "{\"timestamp\": \"2026-12-01T09:59:00Z\","
        + " \"counts\": {\"positive-total\": 1}, \"latest\": [{\"rule\": \"positive-total\", \"reason\": \"broke positive-total\","
        + " \"failedAt\": \"2026-12-01T09:58:50Z\", \"source\": \"shop.orders/0@98\", \"record\": \"{\\\"order_id\\\": 99, " + email
        + ", \\\"order_total\\\": -0.01}\"}]}").statusCode()).isEqualTo(201);
    browser = new HeadlessChromium(Files.createDirectory(data.resolve("chromium-profile")));
  }

  private static void sample(String time, long in, long out, long rejected, String cpuSeconds, String newestEventTime, long kafkaBytes,
      long tableBytes, String groups) throws Exception {
    assertThat(catalog.post("/api/v1/products/orders/order-events/metrics", "{\"timestamp\": \"2026-12-01T" + time + "Z\", \"intervalSeconds\": 60,"
        + " \"recordsIn\": " + in + ", \"recordsOut\": " + out + ", \"recordsRejected\": " + rejected + ", \"cpuSeconds\": " + cpuSeconds
        + ", \"kafkaBytesIn\": 10000000, \"kafkaBytesRetained\": " + kafkaBytes + ", \"icebergBytes\": " + tableBytes
        + ", \"newestEventTime\": \"2026-12-01T" + newestEventTime + "Z\", \"consumerGroups\": [" + groups + "]}").statusCode()).isEqualTo(201);
  }

  @AfterAll
  static void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (catalog != null) {
      catalog.close();
    }
  }

  @Test
  void theProductPageShowsStatusChartsSchemaAndLineage(TestReporter report) throws Exception {
    browser.open(catalog.base() + "/products/orders/order-events", DESKTOP);
    String dom = dom();
    assertThat(dom).contains("<h1>orders.order-events <small>1.2.0</small></h1>",
        "<tr class=\"column\"><td>order_id</td><td>BIGINT</td><td>Order id</td><td></td></tr>",
        "<tr class=\"column\"><td>customer_email</td><td>STRING</td><td>Who ordered</td><td class=\"pii\">PII (masked: sha256)</td></tr>",
        "<pre id=\"trino-query\">SELECT * FROM iceberg.orders.order_events_v1 LIMIT 10</pre>",
        "<tr><th>topic</th><td>orders.order-events.v1</td></tr>",
        "<td class=\"ok\">ok</td>",
        "<tr><th>freshness</th><td>30 s (SLA 1 m)</td></tr>",
        "<tr><th>valid ratio</th><td>0.9918 (minimum 0.99)</td></tr>",
        "<tr><th>records in / out / rejected</th><td>2,800 / 2,777 / 23</td></tr>",
        "<tr><th>consumers of the topic (lag)</th><td>marketing-app (5)</td></tr>",
        ">topic: shop.orders</text>", ">product: customers.customer-profiles</text>");
    assertThat(dom.split("<tr class=\"column\">", -1)).hasSize(5);
    assertThat(dom.split("<line class=\"edge\"", -1)).hasSize(3);

    // one chart per measure, each series a polyline with one point per 1-minute bucket that has samples
    assertThat(series("chart-records")).containsExactly("in 4", "out 4", "rejected 4");
    assertThat(series("chart-lag")).containsExactly("finance-app 1", "marketing-app 4");
    assertThat(series("chart-freshness")).containsExactly("freshness 4");
    assertThat(series("chart-valid-ratio")).containsExactly("valid ratio 3");
    assertThat(series("chart-bytes")).containsExactly("topic and dead-letter topic 4", "table 4");
    assertThat(legend("chart-records")).containsExactly("in: latest 16.7", "out: latest 16.6", "rejected: latest 0.0833");
    assertThat(legend("chart-lag")).containsExactly("finance-app: latest 7", "marketing-app: latest 5");
    assertThat(legend("chart-freshness")).containsExactly("freshness: latest 15 s", "SLA 1 m");
    assertThat(legend("chart-valid-ratio")).containsExactly("valid ratio: latest 0.995", "minimum 0.99");
    assertThat(legend("chart-bytes")).containsExactly("topic and dead-letter topic: latest 3 MB", "table: latest 1.5 MB");
    // the SLA line is drawn at 60 s on an axis up to 100 s
    assertThat(browser.strings("[...document.querySelectorAll('#chart-freshness text.tick')].map(t => t.textContent)"))
        .containsExactly("0 s", "50 s", "1 m 40 s", "1 h ago", "now");

    // dead letters: a line per rule over the hour's 60 one-minute buckets, and the latest letters of each rule, PII masked
    assertThat(series("chart-dead-letters")).containsExactly("parse 60", "positive-total 60");
    assertThat(legend("chart-dead-letters")).containsExactly("parse: latest 0", "positive-total: latest 1");
    assertThat(browser.evaluate("document.getElementById('dead-letter-totals').textContent")).isEqualTo("In this window: parse 1, positive-total 3.");
    assertThat(rows("#latest-dead-letters")).containsExactly(
        "rule | failed at | reason | source | record (PII masked)",
        "parse | 2026-12-01T09:57:05Z | not JSON | shop.orders/1@99 | could not be read",
        "positive-total | 2026-12-01T09:58:50Z | broke positive-total | shop.orders/0@98 | "
            + "{\"order_id\": 99, \"customer_email\": \"9f86d081884c7d65\", \"order_total\": -0.01}",
        "positive-total | 2026-12-01T09:57:20Z | broke positive-total | shop.orders/1@50 | "
            + "{\"order_id\": 51, \"customer_email\": \"9f86d081884c7d65\", \"order_total\": -3.25}",
        "positive-total | 2026-12-01T09:57:10Z | broke positive-total | shop.orders/0@48 | "
            + "{\"order_id\": 49, \"customer_email\": \"9f86d081884c7d65\", \"order_total\": -12.50}");

    // column lineage: across products, down to the topic and the captured table
    assertThat(browser.strings("[...document.querySelectorAll('#column-lineage-table tr.column-lineage')]"
        + ".map(r => [...r.cells].map(c => c.textContent).join(' | '))")).containsExactly(
        "order_id | topic shop.orders.order_id | topic shop.orders.order_id",
        "customer_email | product customers.customer-profiles.email | table public.customers.email",
        "order_total | topic shop.orders.total | topic shop.orders.total",
        "customer_tier | product customers.customer-profiles.tier | table public.customers.tier");
    assertThat(browser.evaluate("document.querySelectorAll('svg.column-lineage line.column-edge').length")).isEqualTo(6);

    // who depends on it: no product reads it; the consumer group the runtime reported, last seen active at 09:57; its reader domains
    assertThat(browser.evaluate("document.getElementById('dependant-products').textContent")).isEqualTo("none");
    assertThat(rows("#dependant-groups")).containsExactly("group | domain | lag | members | last active",
        "marketing-app | no domain prefix | 5 | no active member (Empty) | 2026-12-01T09:57:00Z");
    assertThat(browser.evaluate("document.getElementById('dependant-trino').textContent"))
        .isEqualTo("Domains its access rules let read the whole table (PII columns masked): finance, marketing.");
    screenshot(report, "catalog-product-page.png");

    // a product without event times (no watermark) has no freshness to draw, which is not 0
    browser.open(catalog.base() + "/products/customers/customer-profiles", DESKTOP);
    assertThat(series("chart-freshness")).isEmpty();
    assertThat(legend("chart-freshness")).containsExactly("freshness: no samples", "SLA 1 m");
    assertThat(series("chart-records")).containsExactly("in 1", "out 1", "rejected 1");
    // order-events reads it, and the columns it reads are those the API's impact names
    assertThat(rows("#dependant-products")).containsExactly("product | version | reads (this product's column -> its columns)",
        "orders.order-events | 1.2.0 | email -> customer_email, tier -> customer_tier");
    assertThat(browser.evaluate("document.querySelector('#dependant-products a').getAttribute('href')")).isEqualTo("/products/orders/order-events");
    assertThat(browser.evaluate("document.getElementById('dependant-groups').textContent")).isEqualTo("none reported");

    atPhoneWidth(report, "/products/orders/order-events", "catalog-product-page-390.png");
  }

  @Test
  void theProductPageWorksWithTheKeyboardOnly() throws Exception {
    browser.open(catalog.base() + "/products/orders/order-events", DESKTOP);
    List<String> reached = new ArrayList<>();
    for (int i = 0; i < 13; i++) {
      browser.press("Tab", 9);
      reached.add((String) browser.evaluate(FOCUSED));
    }
    assertThat(reached).containsExactly("All products", "Cost", "status", "over time", "dead letters", "schema", "lineage", "column lineage",
        "who depends on it", "versions", "1 h", "24 h", "7 d");
    // the focused link is outlined, so a keyboard user sees where they are
    assertThat(browser.evaluate("getComputedStyle(document.activeElement).outlineStyle")).isEqualTo("solid");
    browser.open(catalog.base() + "/products/orders/order-events", DESKTOP);
    for (int i = 0; i < 12; i++) {
      browser.press("Tab", 9);
    }
    browser.press("Enter", 13);
    awaitLocation(catalog.base() + "/products/orders/order-events?window=24h");
    // from yesterday's first sample (22 h 1 m ago) in 60 buckets of 22 m 1 s: the four samples of the last hour fall into one
    assertThat(series("chart-records")).containsExactly("in 2", "out 2", "rejected 2");
    assertThat(browser.strings("[...document.querySelectorAll('#chart-records text.tick')].map(t => t.textContent)").subList(3, 5))
        .containsExactly("22 h 1 m ago", "now");
    assertThat(legend("chart-dead-letters")).containsExactly("parse: latest 1", "positive-total: latest 3");
    assertThat(browser.evaluate("document.querySelector('nav.windows a[aria-current=page]').textContent")).isEqualTo("24 h");
  }

  @Test
  void theCostPageChartsCostPerDomainAndProductWithThePrices(TestReporter report) throws Exception {
    browser.open(catalog.base() + "/cost?since=1h&by=product", DESKTOP);
    assertThat(series("chart-cost-domain")).containsExactly("customers 1", "orders 4");
    assertThat(series("chart-cost-product")).containsExactly("customers.customer-profiles 1", "orders.order-events 4");
    // CPU: 30.5 s at 0.10 per hour; transfer: 0.04 GB at 0.05; storage: fractions of a nano-euro
    assertThat(legend("chart-cost-domain")).containsExactly("customers: latest 0.10", "orders: latest 0.0028");
    assertThat(legend("chart-cost-product")).containsExactly("customers.customer-profiles: latest 0.10", "orders.order-events: latest 0.0028");
    assertThat(rows("#cost")).containsExactly(
        "product | CPU hours | GB-months stored | GB transferred | CPU (EUR) | storage (EUR) | transfer (EUR) | total (EUR)",
        "customers.customer-profiles | 1 | 0 | 0 | 0.10 | 0 | 0 | 0.10",
        "orders.order-events | 0.00847 | 0 | 0.04 | 0.00085 | 0 | 0.002 | 0.0028",
        "total | 0.10");
    assertThat(rows("#prices")).containsExactly("unit | price (EUR)", "CPU-hour | 0.10", "GB held for a month (topic and table) | 0.02",
        "GB transferred (Kafka in and out) | 0.05");
    screenshot(report, "catalog-cost-page.png");

    List<String> reached = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      browser.press("Tab", 9);
      reached.add((String) browser.evaluate(FOCUSED));
    }
    assertThat(reached).containsExactly("All products", "1 h", "24 h", "7 d", "domain", "product", "costCenter");

    atPhoneWidth(report, "/cost?since=1h&by=product", "catalog-cost-page-390.png");
  }

  @Test
  void theListSearches() throws Exception {
    browser.open(catalog.base() + "/?q=tier", DESKTOP);
    assertThat(dom()).contains("<p id=\"count\">2 products</p>", "<a href=\"/products/orders/order-events\">orders.order-events</a>",
        "<a href=\"/products/customers/customer-profiles\">customers.customer-profiles</a>");
    browser.open(catalog.base() + "/?q=enriched", DESKTOP);
    assertThat(dom()).contains("<p id=\"count\">1 product</p>").doesNotContain("customers.customer-profiles</a>");
  }

  /** At a phone's width nothing is wider than the screen: the page does not scroll sideways, the charts fit. */
  private static void atPhoneWidth(TestReporter report, String path, String screenshot) throws Exception {
    browser.open(catalog.base() + path, PHONE);
    assertThat(browser.evaluate("document.documentElement.scrollWidth")).as("page width at %d px", PHONE).isEqualTo(PHONE);
    assertThat(browser.strings("[...document.querySelectorAll('figure.chart')].filter(f => f.getBoundingClientRect().right > "
        + PHONE + ").map(f => f.id)")).as("charts wider than the phone").isEmpty();
    screenshot(report, screenshot);
  }

  private static String dom() throws Exception {
    return (String) browser.evaluate("document.documentElement.outerHTML");
  }

  /** Each series of a chart: its name and how many points it has. */
  private static List<String> series(String chart) throws Exception {
    return browser.strings("[...document.querySelectorAll('#" + chart + " polyline.series')]"
        + ".map(p => p.dataset.series + ' ' + p.getAttribute('points').split(' ').length)");
  }

  private static List<String> legend(String chart) throws Exception {
    return browser.strings("[...document.querySelectorAll('#" + chart + " ul.legend li')].map(li => li.textContent)");
  }

  private static List<String> rows(String table) throws Exception {
    return browser.strings("[...document.querySelectorAll('" + table + " tr')].map(r => [...r.cells].map(c => c.textContent).join(' | '))");
  }

  private static void awaitLocation(String url) throws Exception {
    for (int i = 0; i < 500 && !(url.equals(browser.evaluate("location.href")) && "complete".equals(browser.evaluate("document.readyState"))); i++) {
      Thread.sleep(20);
    }
    assertThat(browser.evaluate("location.href")).isEqualTo(url);
  }

  /** Saves the page as PNG under target/ and names it in the test report (and, for Jenkins' attachments, on stdout). */
  private static void screenshot(TestReporter report, String name) throws Exception {
    Path file = Path.of("target", name).toAbsolutePath();
    Files.deleteIfExists(file);
    browser.screenshot(file);
    byte[] png = Files.readAllBytes(file);
    assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
    assertThat(png.length).isGreaterThan(10_000);
    report.publishEntry("screenshot", file.toString());
    System.out.println("[[ATTACHMENT|" + file + "]]");
  }
}
