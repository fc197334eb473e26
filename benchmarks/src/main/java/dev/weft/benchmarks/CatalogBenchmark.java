package dev.weft.benchmarks;

import dev.weft.catalog.CatalogService;
import dev.weft.catalog.CatalogSettings;
import dev.weft.catalog.storage.EmbeddedCatalogDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Catalog latency under load: registers {@code products} products whose inputs name
 * {@code edges / products} upstream products each (100,000 lineage edges for 10,000 products), then
 * {@code clients} concurrent clients on loopback send {@code requests} requests each, a mix of
 * searches, API product reads and product web pages (with the lineage SVG); prints p50/p99 per kind.
 * With {@code rate} 0 the clients send back to back (a closed loop: the catalog's throughput, and
 * latency at saturation, most of it queueing); with a rate, each client sends that many requests per
 * second on a fixed schedule, and a latency counts from when the request was due, not from when it
 * left, so a slow answer also charges the requests it held back (no coordinated omission).
 * Usage: benchmarks/run-catalog.sh [products=10000] [edges=100000] [clients=50] [requests=200] [rate=0]
 * With {@code WEFT_BENCH_SERVE_SECONDS} set, it registers the products, prints {@code serving URL} and
 * serves that long instead of sending requests itself, for a load generator in another process
 * ({@code benchmarks/run-catalog-wrk.sh}: the clients' cost then stays out of the catalog's JVM).
 */
public final class CatalogBenchmark {
  static final String TOKEN = "bench";
  private static final int DOMAINS = 20;

  public static void main(String[] args) throws Exception {
    int products = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int edges = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int clients = args.length > 2 ? Integer.parseInt(args[2]) : 50;
    int requests = args.length > 3 ? Integer.parseInt(args[3]) : 200;
    double rate = args.length > 4 ? Double.parseDouble(args[4]) : 0;
    Path data = Files.createTempDirectory("weft-catalog-bench");
    try (EmbeddedCatalogDatabase postgres = EmbeddedCatalogDatabase.start(data);
        CatalogService service = CatalogService.start(postgres.database(), CatalogSettings.defaults(TOKEN).withPort(0))) {
      String base = "http://localhost:" + service.port();
      HttpClient http = HttpClient.newHttpClient();
      long loadStart = System.nanoTime();
      load(http, base, products, edges / products);
      double loadSeconds = (System.nanoTime() - loadStart) / 1e9;
      System.out.printf(Locale.ROOT, "registered %,d products with %,d product-to-product edges in %.1f s (%.0f registrations/s, 8 loaders)%n",
          products, (long) products * (edges / products), loadSeconds, products / loadSeconds);
      // a catalog that grew to this size over months has long been vacuumed and analysed; right after a bulk
      // load, autovacuum runs during the measurement instead (it made the first searches up to 1.7 times slower)
      long vacuumStart = System.nanoTime();
      try (var connection = postgres.database().connect(); var statement = connection.createStatement()) {
        connection.setAutoCommit(true);
        statement.execute("VACUUM ANALYZE");
      }
      System.out.printf(Locale.ROOT, "VACUUM ANALYZE after the load: %.1f s%n", (System.nanoTime() - vacuumStart) / 1e9);
      String serve = System.getenv("WEFT_BENCH_SERVE_SECONDS");
      if (serve != null) {
        System.out.println("serving " + base);
        Thread.sleep(Long.parseLong(serve) * 1000);
      } else {
        run(http, base, products, clients, Math.max(1, requests / 10), 0, false);
        run(http, base, products, clients, requests, rate, true);
      }
    }
    // the HTTP client's selector thread would keep the JVM alive
    System.exit(0);
  }

  private static String name(int i) {
    return "product-" + i;
  }

  private static String domain(int i) {
    return "domain" + (i % DOMAINS);
  }

  private static String registration(int i, int upstreamPerProduct, SplittableRandom random) {
    StringBuilder inputs = new StringBuilder("{\"name\": \"events\", \"kind\": \"kafka\", \"source\": \"raw.events-" + i + "\"}");
    for (int k = 0; k < upstreamPerProduct; k++) {
      int upstream = random.nextInt(Math.max(1, i == 0 ? 1 : i));
      if (upstream == i) {
        upstream = (i + 1) % Math.max(2, i + 1);
      }
      inputs.append(", {\"name\": \"in").append(k).append("\", \"kind\": \"product\", \"source\": \"").append(domain(upstream)).append('.')
          .append(name(upstream)).append("@1\"}");
    }
    return "{\"domain\": \"" + domain(i) + "\", \"name\": \"" + name(i) + "\", \"version\": \"1.0.0\", \"owner\": \"team-" + (i % 50)
        + "@acme.example\", \"description\": \"Benchmark product number " + i + " about " + Words.of(i) + "\","
        + " \"tags\": [\"t" + (i % 7) + "\", \"" + Words.of(i + 3) + "\"], \"costCenter\": \"CC-" + (i % 30) + "\","
        + " \"specYaml\": \"apiVersion: weft/v1\\nkind: DataProduct\\n\","
        + " \"schema\": {\"primaryKey\": [\"id\"], \"columns\": [{\"name\": \"id\", \"type\": \"BIGINT\", \"description\": \"Key\"},"
        + " {\"name\": \"" + Words.of(i) + "_amount\", \"type\": \"DECIMAL(12,2)\", \"description\": \"How much\"},"
        + " {\"name\": \"email\", \"type\": \"STRING\", \"pii\": true, \"mask\": \"sha256\"},"
        + " {\"name\": \"c" + (i % 100) + "\", \"type\": \"STRING\"}, {\"name\": \"ts\", \"type\": \"TIMESTAMP_LTZ(3)\"}]},"
        + " \"sla\": {\"freshness\": \"60s\"}, \"quality\": {\"minValidRatio\": 0.99},"
        + " \"outputs\": {\"topic\": \"" + domain(i) + "." + name(i) + ".v1\", \"table\": \"" + domain(i) + ".product_" + i + "_v1\"},"
        + " \"inputs\": [" + inputs + "],"
        + " \"columnLineage\": [{\"column\": \"id\", \"from\": [{\"input\": \"events\", \"column\": \"id\"}]}]}";
  }

  static void load(HttpClient http, String base, int products, int upstreamPerProduct) throws Exception {
    ExecutorService loaders = Executors.newFixedThreadPool(8);
    AtomicInteger next = new AtomicInteger();
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 8; t++) {
      int seed = t;
      done.add(loaders.submit(() -> {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = next.getAndIncrement(); i < products; i = next.getAndIncrement()) {
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products"))
              .header("Authorization", "Bearer " + TOKEN)
              .POST(HttpRequest.BodyPublishers.ofString(registration(i, upstreamPerProduct, random))).build(), HttpResponse.BodyHandlers.ofString());
          if (response.statusCode() != 201) {
            throw new IllegalStateException("registration " + i + " failed: " + response.body());
          }
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    loaders.shutdown();
  }

  private enum Kind { SEARCH_TEXT, SEARCH_FILTER, PRODUCT_API, PRODUCT_PAGE }

  private static String path(Kind kind, SplittableRandom random, int products) {
    int i = random.nextInt(products);
    return switch (kind) {
      case SEARCH_TEXT -> "/api/v1/products?q=" + Words.of(random.nextInt(1000)) + "&limit=20";
      case SEARCH_FILTER -> "/api/v1/products?domain=" + domain(i) + "&column=c" + (i % 100) + "&limit=20";
      case PRODUCT_API -> "/api/v1/products/" + domain(i) + "/" + name(i);
      case PRODUCT_PAGE -> "/products/" + domain(i) + "/" + name(i);
    };
  }

  private static void run(HttpClient http, String base, int products, int clients, int requests, double rate, boolean report)
      throws Exception {
    long period = rate > 0 ? (long) (1e9 / rate) : 0;
    Kind[] kinds = Kind.values();
    long[][][] latencies = new long[kinds.length][clients][];
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < clients; c++) {
      int client = c;
      done.add(pool.submit(() -> {
        SplittableRandom random = new SplittableRandom(1000 + client);
        long[][] mine = new long[kinds.length][requests];
        int[] counts = new int[kinds.length];
        for (int r = 0; r < requests; r++) {
          Kind kind = kinds[r % kinds.length];
          URI uri = URI.create(base + path(kind, random, products));
          long sent = System.nanoTime();
          if (period > 0) {
            // clients spread over one period, so that they do not all send at the same instant
            long due = start + r * period + client * period / clients;
            while (System.nanoTime() < due) {
              LockSupport.parkNanos(due - System.nanoTime());
            }
            sent = due;
          }
          HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
          long took = System.nanoTime() - sent;
          if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
          }
          mine[kind.ordinal()][counts[kind.ordinal()]++] = took;
        }
        for (int k = 0; k < kinds.length; k++) {
          latencies[k][client] = Arrays.copyOf(mine[k], counts[k]);
        }
        return null;
      }));
    }
    for (Future<?> future : done) {
      future.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    if (!report) {
      return;
    }
    System.out.printf(Locale.ROOT, "%d clients x %d requests in %.1f s: %.0f requests/s (%s)%n", clients, requests, seconds,
        clients * requests / seconds, period > 0 ? String.format(Locale.ROOT, "%.1f requests/s per client, latency from when each was due", rate)
            : "back to back");
    for (Kind kind : kinds) {
      long[] all = Arrays.stream(latencies[kind.ordinal()]).flatMapToLong(Arrays::stream).sorted().toArray();
      System.out.printf(Locale.ROOT, "  %-13s n=%6d  p50 %7.1f ms  p99 %7.1f ms  max %7.1f ms%n", kind.name().toLowerCase(), all.length,
          percentile(all, 0.50), percentile(all, 0.99), all[all.length - 1] / 1e6);
    }
  }

  private static double percentile(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** A small fixed vocabulary, so free-text searches hit some products and miss others. */
  private static final class Words {
    private static final String[] WORDS = {"orders", "payments", "customers", "shipments", "returns", "invoices", "clicks", "sessions",
        "refunds", "stock", "prices", "carts", "reviews", "coupons", "tickets", "leads", "campaigns", "ledger", "fraud", "loyalty"};

    static String of(int i) {
      return WORDS[Math.floorMod(i * 7 + i / WORDS.length, WORDS.length)];
    }
  }
}
