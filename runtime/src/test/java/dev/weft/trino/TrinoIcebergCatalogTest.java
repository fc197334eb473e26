package dev.weft.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergCatalogSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrinoIcebergCatalogTest {
  @Test
  void pointsAtTheProductsCatalogByItsName() {
    var catalog = new IcebergCatalogSettings("weft", "jdbc:postgresql://localhost:5432/postgres", "postgres", "secret",
        "file:///work/.weft/warehouse");

    assertThat(TrinoIcebergCatalog.properties(catalog)).containsExactlyEntriesOf(new java.util.LinkedHashMap<>(Map.of()) {{
      put("connector.name", "iceberg");
      put("iceberg.catalog.type", "jdbc");
      put("iceberg.jdbc-catalog.catalog-name", "weft");
      put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver");
      put("iceberg.jdbc-catalog.connection-url", "jdbc:postgresql://localhost:5432/postgres");
      put("iceberg.jdbc-catalog.connection-user", "postgres");
      put("iceberg.jdbc-catalog.connection-password", "secret");
      put("iceberg.jdbc-catalog.default-warehouse-dir", "file:///work/.weft/warehouse");
      put("fs.native-local.enabled", "true");
      put("local.location", "/");
    }});
  }
}
