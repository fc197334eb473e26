package dev.weft.catalog;

import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.policy.RegistrationPolicies;
import java.time.Clock;
import java.time.Duration;

/**
 * How one catalog service runs. Defaults are declared here once: {@link #defaults(String)}.
 *
 * @param port TCP port; 0 picks a free one
 * @param token the admin token: it may do everything, including making domain tokens
 * @param readsNeedToken whether reads too need a known token ({@code --read-auth}); writes always do
 * @param maxRequestBytes larger request bodies are refused with 413
 * @param threads requests served at once; more wait in the queue
 * @param prices the price table chargeback uses
 * @param qualityWindow the window the valid ratio (and the record counts beside it) are taken over
 * @param clock "now" for registrations, freshness and cost windows (fixed in tests)
 * @param policies what every registration is checked against
 * @param tls the server's certificate and key (PEM), or null for plain HTTP
 * @param bind the address to listen on, or null for the default: loopback without TLS, every interface with it
 */
public record CatalogSettings(int port, String token, long maxRequestBytes, int threads, PriceTable prices,
    Duration qualityWindow, Clock clock, RegistrationPolicies policies, boolean readsNeedToken, TlsFiles tls, String bind) {

  /** The PEM files of a TLS server: its certificate chain and its private key (PKCS #8). */
  public record TlsFiles(java.nio.file.Path certificate, java.nio.file.Path key) {}

  public static final int DEFAULT_PORT = 8081;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
  /**
   * Requests served at once: twice the cores. Requests wait mostly on PostgreSQL, which runs on the
   * same cores here; more threads than that only queue inside the database instead of in front of
   * it (benchmarks/run-catalog.sh). Each thread holds at most one database connection.
   */
  public static final int DEFAULT_THREADS = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());
  public static final Duration DEFAULT_QUALITY_WINDOW = Duration.ofHours(1);

  public CatalogSettings {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the catalog needs an admin token (--token or WEFT_CATALOG_TOKEN)");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be from 0 to 65535, was " + port);
    }
    if (maxRequestBytes < 1) {
      throw new IllegalArgumentException("maxRequestBytes must be at least 1, was " + maxRequestBytes);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be at least 1, was " + threads);
    }
  }

  public static CatalogSettings defaults(String token) {
    return new CatalogSettings(DEFAULT_PORT, token, DEFAULT_MAX_REQUEST_BYTES, DEFAULT_THREADS, PriceTable.DEFAULT,
        DEFAULT_QUALITY_WINDOW, Clock.systemUTC(), RegistrationPolicies.NONE,
        false, null, null);
  }

  public CatalogSettings withPort(int port) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withMaxRequestBytes(long maxRequestBytes) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withPrices(PriceTable prices) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withPolicies(RegistrationPolicies policies) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withClock(Clock clock) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withReadsNeedToken(boolean readsNeedToken) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withTls(TlsFiles tls) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withBind(String bind) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  public CatalogSettings withThreads(int threads) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies, readsNeedToken, tls, bind);
  }

  /** Where the server listens: {@link #bind} if given, else loopback for plain HTTP (no token crosses a network in clear), else every interface. */
  public java.net.InetAddress bindAddress() throws java.net.UnknownHostException {
    if (bind != null) {
      return java.net.InetAddress.getByName(bind);
    }
    return tls == null ? java.net.InetAddress.getLoopbackAddress() : new java.net.InetSocketAddress(0).getAddress();
  }
}
