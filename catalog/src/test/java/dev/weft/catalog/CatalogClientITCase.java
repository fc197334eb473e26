package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.catalog.health.MetricsSample;
import dev.weft.catalog.http.JsonBodies;
import dev.weft.catalog.openlineage.RunEventBuilder;
import dev.weft.catalog.product.ProductRegistration;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client the runtime uses, against the real service: register, report, emit run events, read cost. */
class CatalogClientITCase {
  @TempDir Path data;

  @Test
  void talksToTheCatalogOverHttp() throws Exception {
    try (CatalogFixture catalog = new CatalogFixture(data)) {
      CatalogClient client = new CatalogClient(URI.create(catalog.base()), CatalogFixture.TOKEN);
      ProductRegistration orders = JsonBodies.mapper().readValue(Registrations.orderEvents(), ProductRegistration.class);
      assertThat(client.register(orders)).isEqualTo("created");
      assertThat(client.register(orders)).isEqualTo("unchanged");
      client.reportMetrics("orders", "order-events", new MetricsSample("2026-12-01T09:00:00Z", 3600L, 10, 9, 1, 1800, 1080,
          new BigDecimal("36"), 0, 0, 0, 0, "2026-12-01T09:59:50Z", null));
      RunEventBuilder events = new RunEventBuilder(JsonBodies.mapper(), orders, UUID.randomUUID());
      assertThat(client.sendRunEvent(events.start(CatalogFixture.NOW))).isEqualTo(1);
      assertThat(client.sendRunEvent(events.complete(CatalogFixture.NOW))).isEqualTo(2);
      assertThat(client.cost("7d", "product", true)).isEqualTo(
          "product,cpu_hours,gb_months_stored,gb_transferred,cpu_cost,storage_cost,transfer_cost,total_cost,currency\r\n"
              + "orders.order-events,0.010000,0.000000,0.000000,0.00,0.00,0.00,0.00,EUR\r\n");

      assertThatThrownBy(() -> client.reportMetrics("orders", "nothing", new MetricsSample("2026-12-01T09:00:00Z", 60L, 0, 0, 0, 0, 0,
          null, 0, 0, 0, 0, null, null)))
          .isInstanceOf(CatalogException.class)
          .hasMessage("the catalog refused POST /api/v1/products/orders/nothing/metrics: 404 no product orders.nothing is registered");
      CatalogClient wrongToken = new CatalogClient(URI.create(catalog.base()), "guess");
      assertThatThrownBy(() -> wrongToken.register(orders))
          .hasMessage("the catalog refused POST /api/v1/products: 401 the bearer token is not one this catalog knows (unknown or revoked); "
              + "an admin makes domain tokens with weft catalog token create --domain D");
      assertThat(catalog.count("metrics_sample")).isEqualTo(1);
    }
  }
}
