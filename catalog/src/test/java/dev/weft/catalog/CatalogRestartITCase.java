package dev.weft.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default keeps its data directory: stop service and database, start again, the product is there. */
class CatalogRestartITCase {
  @TempDir Path data;

  @Test
  void productsSurviveARestartOfServiceAndDatabase() throws Exception {
    try (CatalogFixture first = new CatalogFixture(data)) {
      assertThat(first.post("/api/v1/products", Registrations.customerProfiles("1.0.0")).statusCode()).isEqualTo(201);
      assertThat(first.post("/api/v1/products", Registrations.customerProfiles("1.1.0")).statusCode()).isEqualTo(201);
    }
    try (CatalogFixture second = new CatalogFixture(data)) {
      var product = new ObjectMapper().readTree(second.get("/api/v1/products/customers/customer-profiles").body());
      assertThat(product.get("version").asText()).isEqualTo("1.1.0");
      assertThat(product.get("versions").size()).isEqualTo(2);
      assertThat(product.get("schema").get("columns").get(1).get("name").asText()).isEqualTo("email");
      assertThat(second.count("catalog_schema_history")).isEqualTo(7);
      assertThat(second.post("/api/v1/products", Registrations.customerProfiles("1.1.0")).body()).contains("\"outcome\":\"unchanged\"");
    }
  }
}
