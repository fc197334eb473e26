package dev.weft.catalog;

import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.policy.RegistrationPolicies;
import java.time.Clock;
import java.time.Duration;

/**
 * How one catalog service runs. Defaults are declared here once: {@link #defaults(String)}.
 *
 * @param port TCP port on all interfaces; 0 picks a free one
 * @param token the bearer token every write must carry
 * @param maxRequestBytes larger request bodies are refused with 413
 * @param threads requests served at once; more wait in the queue
 * @param prices the price table chargeback uses
 * @param qualityWindow the window the valid ratio (and the record counts beside it) are taken over
 * @param clock "now" for registrations, freshness and cost windows (fixed in tests)
 * @param policies what every registration is checked against
 */
public record CatalogSettings(int port, String token, long maxRequestBytes, int threads, PriceTable prices,
    Duration qualityWindow, Clock clock, RegistrationPolicies policies) {

  public static final int DEFAULT_PORT = 8081;
  public static final long DEFAULT_MAX_REQUEST_BYTES = 1024 * 1024;
  public static final int DEFAULT_THREADS = 8;
  public static final Duration DEFAULT_QUALITY_WINDOW = Duration.ofHours(1);

  public CatalogSettings {
    if (token == null || token.isBlank()) {
      throw new IllegalArgumentException("the catalog needs a token for writes (--token or WEFT_CATALOG_TOKEN)");
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
        DEFAULT_QUALITY_WINDOW, Clock.systemUTC(), RegistrationPolicies.NONE);
  }

  public CatalogSettings withPort(int port) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies);
  }

  public CatalogSettings withMaxRequestBytes(long maxRequestBytes) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies);
  }

  public CatalogSettings withPrices(PriceTable prices) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies);
  }

  public CatalogSettings withPolicies(RegistrationPolicies policies) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies);
  }

  public CatalogSettings withClock(Clock clock) {
    return new CatalogSettings(port, token, maxRequestBytes, threads, prices, qualityWindow, clock, policies);
  }
}
