package dev.weft.catalog;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.weft.catalog.auth.Credentials;
import dev.weft.catalog.http.JsonBodies;
import dev.weft.catalog.http.PemTls;
import dev.weft.catalog.http.Route;
import dev.weft.catalog.http.Router;
import dev.weft.catalog.launch.RunningCatalog;
import dev.weft.catalog.storage.CatalogDatabase;
import dev.weft.catalog.web.WebPages;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The catalog service: migrates its database, then serves the API and the web page on the JDK's
 * HTTP(S) server with a fixed number of threads, on loopback unless TLS or {@code bind} says otherwise.
 */
public final class CatalogService implements RunningCatalog {
  /** Connections waiting to be accepted: more than the benchmark's 50 clients. */
  private static final int BACKLOG = 128;
  /** The JDK HTTP server's switch for TCP_NODELAY on the connections it accepts (read once per JVM, when its first server starts). */
  private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

  static {
    // The JDK's server writes a response's headers and its body in two sends. With Nagle's algorithm
    // on (its default), the body waits until the client acknowledges the headers, and clients delay
    // that acknowledgement by up to 40 ms: a lone client's search took ~50 ms instead of ~12
    // (benchmarks/README.md). An explicit -Dsun.net.httpserver.nodelay=false is kept.
    if (System.getProperty(NO_DELAY_PROPERTY) == null) {
      System.setProperty(NO_DELAY_PROPERTY, "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService threads;
  private final Router router;
  private final CatalogDatabase database;

  private CatalogService(HttpServer server, ExecutorService threads, Router router, CatalogDatabase database) {
    this.server = server;
    this.threads = threads;
    this.router = router;
    this.database = database;
  }

  public static CatalogService start(CatalogDatabase database, CatalogSettings settings) throws IOException {
    database.migrate();
    ObjectMapper json = JsonBodies.mapper();
    ProductCatalog catalog = new ProductCatalog(database, settings, json);
    List<Route> routes = new ArrayList<>(new ApiRoutes(catalog, json, settings.qualityWindow()).routes());
    routes.addAll(new WebPages(catalog).routes());
    Router router = new Router(routes, new Credentials(settings.token(), database), settings.readsNeedToken(), settings.maxRequestBytes(), json);
    InetSocketAddress address = new InetSocketAddress(settings.bindAddress(), settings.port());
    HttpServer server;
    if (settings.tls() == null) {
      server = HttpServer.create(address, BACKLOG);
    } else {
      HttpsServer https = HttpsServer.create(address, BACKLOG);
      https.setHttpsConfigurator(new HttpsConfigurator(PemTls.server(settings.tls().certificate(), settings.tls().key())));
      server = https;
    }
    AtomicInteger count = new AtomicInteger();
    ExecutorService threads = new ThreadPoolExecutor(settings.threads(), settings.threads(), 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread thread = new Thread(task, "weft-catalog-" + count.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        });
    server.setExecutor(threads);
    server.createContext("/", router);
    server.start();
    return new CatalogService(server, threads, router, database);
  }

  @Override
  public InetSocketAddress address() {
    return server.getAddress();
  }

  @Override
  public String scheme() {
    return server instanceof HttpsServer ? "https" : "http";
  }

  /** Every route served, for the test that the OpenAPI document lists them all. */
  public List<Route> routes() {
    return router.routes();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
    database.close();
  }
}
