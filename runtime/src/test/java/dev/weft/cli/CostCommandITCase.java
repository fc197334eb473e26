package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.CatalogService;
import dev.weft.catalog.CatalogSettings;
import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.health.MetricsSample;
import dev.weft.catalog.http.JsonBodies;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.storage.EmbeddedCatalogDatabase;
import dev.weft.testing.WeftCommandLine;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code weft cost} reads the chargeback report of a real catalog service. */
class CostCommandITCase {
  @TempDir Path data;

  private static ProductRegistration product(String domain, String name, String costCenter) throws Exception {
    return JsonBodies.mapper().readValue("""
        {"domain": "%s", "name": "%s", "version": "1.0.0", "owner": "team@acme.example", "costCenter": "%s", "specYaml": "kind: DataProduct",
         "schema": {"columns": [{"name": "id", "type": "BIGINT"}]}, "outputs": {"topic": "%s.%s.v1", "table": "%s.t_v1"}}
        """.formatted(domain, name, costCenter, domain, name, domain), ProductRegistration.class);
  }

  @Test
  void printsTheChargebackReport() throws Exception {
    PriceTable prices = new PriceTable("EUR", new BigDecimal("0.10"), new BigDecimal("0.02"), new BigDecimal("0.05"));
    try (EmbeddedCatalogDatabase postgres = EmbeddedCatalogDatabase.start(data);
        CatalogService service = CatalogService.start(postgres.database(), CatalogSettings.defaults("t").withPort(0).withPrices(prices)
            .withClock(Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC)))) {
      String url = "http://localhost:" + service.port();
      CatalogClient client = new CatalogClient(URI.create(url), "t");
      client.register(product("orders", "order-events", "CC-1"));
      client.register(product("payments", "payment-events", "CC-2"));
      // 2 CPU-hours and 10 GB transferred; 0.5 CPU-hours and 720 GB held for an hour (1 GB-month)
      client.reportMetrics("orders", "order-events", new MetricsSample("2026-12-01T09:00:00Z", 3600L, 0, 0, 0, 0, 0, new BigDecimal("7200"),
          4_000_000_000L, 6_000_000_000L, 0, 0, null, null));
      client.reportMetrics("payments", "payment-events", new MetricsSample("2026-12-01T09:00:00Z", 3600L, 0, 0, 0, 0, 0, new BigDecimal("1800"),
          0, 0, 700_000_000_000L, 20_000_000_000L, null, null));

      WeftCommandLine cli = new WeftCommandLine();
      assertThat(cli.run("cost", "--catalog", url, "--since", "1d", "--by", "product")).as(cli.err()).isZero();
      assertThat(cli.out()).isEqualTo("""
          product                  cpu_hours  gb_months_stored  gb_transferred  cpu_cost  storage_cost  transfer_cost  total_cost  currency
          orders.order-events       2.000000          0.000000       10.000000      0.20          0.00           0.50        0.70  EUR
          payments.payment-events   0.500000          1.000000        0.000000      0.05          0.02           0.00        0.07  EUR
          """);
      cli.clear();
      assertThat(cli.run("cost", "--catalog", url, "--by", "costCenter", "--csv")).isZero();
      assertThat(cli.out()).isEqualTo("costCenter,cpu_hours,gb_months_stored,gb_transferred,cpu_cost,storage_cost,transfer_cost,total_cost,currency\r\n"
          + "CC-1,2.000000,0.000000,10.000000,0.20,0.00,0.50,0.70,EUR\r\n"
          + "CC-2,0.500000,1.000000,0.000000,0.05,0.02,0.00,0.07,EUR\r\n");
      cli.clear();
      assertThat(cli.run("cost", "--catalog", url, "--by", "team")).isEqualTo(1);
      assertThat(cli.err().lines()).containsExactly(
          "the catalog refused GET /api/v1/cost: 400 query parameter 'by' must be domain, product or costCenter, was 'team'");
    }
  }
}
