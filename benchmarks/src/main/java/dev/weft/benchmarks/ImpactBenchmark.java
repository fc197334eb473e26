package dev.weft.benchmarks;

import dev.weft.catalog.CatalogService;
import dev.weft.catalog.CatalogSettings;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.impact.Impact;
import dev.weft.catalog.impact.ImpactRequest;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.storage.EmbeddedCatalogDatabase;
import dev.weft.catalogreport.ProductRegistrations;
import dev.weft.cli.WeftCli;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * {@code weft impact}'s latency on a 10,000-product catalog: the catalog of {@link CatalogBenchmark}
 * (10,000 products, 100,000 lineage edges), plus the benchmark product bench.bench-orders 1.0.0 and
 * {@code readers} products that read it with column lineage. Its version 1.1.0 drops a column they read.
 * Timed, {@code runs} times each after a tenth of that as warm-up, one after the other:
 * <ul>
 *   <li>before: the requests {@code weft impact} sent before the impact route (the version history,
 *       the compared version, the product, then each downstream product: one GET each, in turn);</li>
 *   <li>after: the one {@code POST …/impact} it sends now;</li>
 *   <li>the whole command in this JVM ({@code weft impact SPEC --catalog-url URL}: spec loaded and
 *       compiled, the request, the report printed), warm.</li>
 * </ul>
 * Usage: benchmarks/run.sh ImpactBenchmark [products=10000] [edges=100000] [readers=64] [runs=50]
 */
public final class ImpactBenchmark {
  private static final String TOKEN = CatalogBenchmark.TOKEN;

  public static void main(String[] args) throws Exception {
    int products = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int edges = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
    int readers = args.length > 2 ? Integer.parseInt(args[2]) : 64;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 50;
    Path work = Files.createTempDirectory("weft-impact-bench");
    try (EmbeddedCatalogDatabase postgres = EmbeddedCatalogDatabase.start(work.resolve("postgres"));
        CatalogService service = CatalogService.start(postgres.database(), CatalogSettings.defaults(TOKEN).withPort(0))) {
      String base = "http://localhost:" + service.port();
      CatalogClient catalog = new CatalogClient(URI.create(base), TOKEN);
      String text;
      try (InputStream in = ImpactBenchmark.class.getResourceAsStream("/bench-orders.yaml")) {
        text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
      Path v1 = Files.writeString(work.resolve("bench-orders.yaml"), text);
      ProductSet set = ProductSet.compile(List.of(v1));
      ProductPlan plan = set.plans().get(0);
      ProductRegistration registration = ProductRegistrations.of(set.spec(plan), plan);
      catalog.register(registration);
      HttpClient http = HttpClient.newHttpClient();
      long loadStart = System.nanoTime();
      CatalogBenchmark.load(http, base, products, edges / products);
      for (int i = 0; i < readers; i++) {
        register(http, base, reader(i, registration.domain() + "." + registration.name()));
      }
      System.out.printf(Locale.ROOT, "registered %,d products with %,d edges and %d readers of %s in %.1f s%n", products,
          (long) products * (edges / products), readers, registration.qualifiedName(), (System.nanoTime() - loadStart) / 1e9);
      try (var connection = postgres.database().connect(); var statement = connection.createStatement()) {
        connection.setAutoCommit(true);
        statement.execute("VACUUM ANALYZE");
      }
      // 1.1.0 drops currency, which every reader reads
      Path v2 = Files.writeString(work.resolve("bench-orders-1.1.0.yaml"), text.replace("version: 1.0.0", "version: 1.1.0")
          .replace("\n    - { name: currency, type: STRING }\n    - { name: placed_at", "\n    - { name: placed_at").replace(", UPPER(currency) AS currency", "")
          .replace("    - { name: known-currency, check: \"currency IN ('EUR', 'USD', 'GBP')\" }\n", ""));
      ProductSet next = ProductSet.compile(List.of(v2));
      ProductRegistration proposed = ProductRegistrations.of(next.spec(next.plans().get(0)), next.plans().get(0));
      ProductRef ref = new ProductRef(proposed.domain(), proposed.name());
      ImpactRequest request = new ImpactRequest(proposed.version(), proposed.schema(), proposed.outputs().topic(), proposed.outputs().table(),
          proposed.access() == null ? List.of() : proposed.access().readers(), List.of());

      int[] gets = new int[1];
      Supplier<Integer> before = () -> {
        // as ImpactAnalysis asked before: CatalogClient.predecessor (versions, then the version), the product, each downstream product
        gets[0] = 3;
        catalog.predecessor(ref.domain(), ref.name(), proposed.version()).orElseThrow();
        var view = catalog.productView(ref.domain(), ref.name()).orElseThrow();
        int breaking = 0;
        for (var name : view.path("downstream")) {
          ProductRef downstream = ProductRef.parse(name.asText()).orElseThrow();
          catalog.productView(downstream.domain(), downstream.name()).orElseThrow();
          gets[0]++;
          breaking++;
        }
        return breaking;
      };
      Supplier<Integer> after = () -> {
        Impact impact = catalog.impact(ref.domain(), ref.name(), request).orElseThrow();
        return (int) impact.downstream().stream().filter(Impact.DownstreamProduct::breaking).count();
      };
      Supplier<Integer> command = () -> {
        CommandLine cli = WeftCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        int exit = cli.execute("impact", v2.toString(), "--catalog-url", base, "--catalog-token", TOKEN);
        if (exit != 3) {
          throw new IllegalStateException("weft impact exited " + exit + ":\n" + out);
        }
        return (int) out.toString().lines().filter(line -> line.startsWith("  BREAKS ")).count();
      };
      report("before: GETs in turn", before, runs);
      System.out.printf(Locale.ROOT, "  (%d GETs per impact)%n", gets[0]);
      report("after: one POST …/impact", after, runs);
      report("weft impact, whole command (in-process, warm)", command, runs);
    }
    System.exit(0);
  }

  private static String reader(int i, String upstream) {
    return "{\"domain\": \"readers\", \"name\": \"reader-" + i + "\", \"version\": \"1.0.0\", \"owner\": \"team@acme.example\","
        + " \"specYaml\": \"kind: DataProduct\\n\", \"schema\": {\"primaryKey\": [], \"columns\": [{\"name\": \"total\", \"type\": \"DECIMAL(12,2)\"},"
        + " {\"name\": \"currency\", \"type\": \"STRING\"}]}, \"outputs\": {\"topic\": \"readers.reader-" + i + ".v1\", \"table\": \"readers.reader_"
        + i + "_v1\"}, \"inputs\": [{\"name\": \"orders\", \"kind\": \"product\", \"source\": \"" + upstream + "@1\"}],"
        + " \"columnLineage\": [{\"column\": \"total\", \"from\": [{\"input\": \"orders\", \"column\": \"order_total\"}]},"
        + " {\"column\": \"currency\", \"from\": [{\"input\": \"orders\", \"column\": \"currency\"}]}]}";
  }

  private static void register(HttpClient http, String base, String registration) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/products"))
        .header("Authorization", "Bearer " + TOKEN).POST(HttpRequest.BodyPublishers.ofString(registration)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 201) {
      throw new IllegalStateException("registration failed: " + response.body());
    }
  }

  private static void report(String what, Supplier<Integer> run, int runs) {
    int answer = 0;
    for (int i = 0; i < Math.max(1, runs / 10); i++) {
      answer = run.get();
    }
    long[] took = new long[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      answer = run.get();
      took[i] = System.nanoTime() - start;
    }
    Arrays.sort(took);
    System.out.printf(Locale.ROOT, "%-50s n=%d  median %7.1f ms  p99 %7.1f ms  max %7.1f ms  (%d readers found)%n", what, runs,
        took[(runs - 1) / 2] / 1e6, took[Math.min(runs - 1, (int) Math.ceil(0.99 * runs) - 1)] / 1e6, took[runs - 1] / 1e6, answer);
  }
}
