package dev.weft.catalogreport;

import dev.weft.catalog.CatalogSettings;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogTrust;
import dev.weft.catalog.launch.CatalogLauncher;
import dev.weft.catalog.launch.RunningCatalog;
import dev.weft.plan.ProductSet;
import dev.weft.dev.EmbeddedPostgres;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.References;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;

/**
 * The catalog service a session registers its products with: the one {@code weft.catalog.url}
 * names, or, without one on the embedded stack, a catalog started in this process on the embedded
 * PostgreSQL (database {@code catalog}, kept with the stack's data); against external services
 * without a URL, none.
 */
public final class CatalogConnection implements AutoCloseable {
  /** Where the write token comes from when no option gives it; the same variable {@code weft catalog} reads. */
  public static final String TOKEN_VARIABLE = "WEFT_CATALOG_TOKEN";
  /** The embedded PostgreSQL database the in-process catalog keeps its data in. */
  public static final String EMBEDDED_DATABASE = "catalog";

  private final Optional<URI> url;
  private final Optional<CatalogClient> client;
  private final RunningCatalog service;
  private CatalogReporter reporter;

  private CatalogConnection(Optional<URI> url, String token, Optional<Path> trustStore, RunningCatalog service) {
    this.url = url;
    this.client = url.map(u -> client(u, token, trustStore));
    this.service = service;
  }

  /** A client of the catalog at {@code url}, checking an https catalog's certificate against {@code trustStore} (PEM) if given. */
  public static CatalogClient client(URI url, String token, Optional<Path> trustStore) {
    return new CatalogClient(url, token, trustStore.map(CatalogTrust::trusting).orElse(null));
  }

  private static Optional<Path> trustStore(Configuration options) {
    return options.getOptional(WeftOptions.CATALOG_TRUST_STORE).map(Path::of);
  }

  /** Checks the options before anything starts. @throws IllegalArgumentException naming the flag */
  public static void check(Configuration options) {
    Optional<String> url = options.getOptional(WeftOptions.CATALOG_SERVICE_URL);
    if (url.isPresent()) {
      uri(url.get());
      if (token(options).isEmpty()) {
        throw new IllegalArgumentException("--catalog-url needs a write token: give --catalog-token or set " + TOKEN_VARIABLE);
      }
    }
  }

  /**
   * @param embedded the embedded stack's PostgreSQL, if the session runs on it
   * @throws IllegalArgumentException on a bad URL or a missing token
   */
  public static CatalogConnection open(Configuration options, Optional<EmbeddedPostgres> embedded, PrintWriter out) {
    check(options);
    Optional<String> url = options.getOptional(WeftOptions.CATALOG_SERVICE_URL);
    if (url.isPresent()) {
      out.println("catalog: registering products with " + url.get());
      return new CatalogConnection(Optional.of(uri(url.get())), token(options).get(), trustStore(options), null);
    }
    if (embedded.isEmpty()) {
      out.println("catalog: not registering products (no --catalog-url given)");
      return new CatalogConnection(Optional.empty(), null, Optional.empty(), null);
    }
    // nobody else writes to the in-process catalog: a token of its own keeps others' writes out
    String token = token(options).orElse(UUID.randomUUID().toString());
    EmbeddedPostgres postgres = embedded.get();
    RunningCatalog service;
    try {
      service = CatalogLauncher.find().start(postgres.database(EMBEDDED_DATABASE), postgres.user(), "",
          CatalogSettings.defaults(token).withPort(options.get(WeftOptions.CATALOG_SERVICE_PORT)));
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the catalog service on port " + options.get(WeftOptions.CATALOG_SERVICE_PORT)
          + ": " + e.getMessage() + " (choose another with --catalog-port, 0 for any free one)", e);
    }
    String base = "http://localhost:" + service.port();
    out.println("catalog: " + base + "/ (web page), API " + base + "/api/v1, OpenAPI " + base + "/api/openapi.json");
    return new CatalogConnection(Optional.of(URI.create(base)), token, Optional.empty(), service);
  }

  /** Reports the session's products to the catalog, or, without one, to no one; closing this connection stops it. */
  public ProductRunListener reporter(ProductSet products, ProductRunner runner, Configuration options, PrintWriter out) {
    if (client.isEmpty()) {
      return ProductRunListener.NONE;
    }
    if (reporter != null) {
      reporter.close();
    }
    reporter = new CatalogReporter(client.get(), products, runner, options.get(WeftOptions.CATALOG_REPORT_INTERVAL), Clock.systemUTC(), out);
    return reporter;
  }

  /** The client of the catalog service, if there is one. */
  public Optional<CatalogClient> client() {
    return client;
  }

  /** Where the catalog service is, if there is one. */
  public Optional<URI> url() {
    return url;
  }

  private static Optional<String> token(Configuration options) {
    return writeToken(options.getOptional(WeftOptions.CATALOG_SERVICE_TOKEN));
  }

  /**
   * The catalog token: the one a flag gives, else {@link #TOKEN_VARIABLE}'s; empty when that is blank
   * or unset. A reference ({@code ${env:NAME}}, {@code ${secret:name}}) is resolved here, so the token
   * itself need not be on a command line.
   */
  public static Optional<String> writeToken(Optional<String> given) {
    return given.or(() -> Optional.ofNullable(System.getenv(TOKEN_VARIABLE))).map(References::resolve).filter(t -> !t.isBlank());
  }

  private static URI uri(String url) {
    try {
      URI uri = new URI(url);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
        throw new URISyntaxException(url, "expected http://host:port or https://host:port");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("--catalog-url: '" + url + "' is not a catalog URL: " + e.getReason());
    }
  }

  @Override
  public void close() {
    if (reporter != null) {
      reporter.close();
    }
    if (service != null) {
      service.close();
    }
  }
}
