package dev.weft.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergCatalogSettings;
import org.junit.jupiter.api.Test;

class TrinoIcebergCatalogTest {
  @Test
  void pointsAtTheProductsCatalogByItsName() {
    var catalog = new IcebergCatalogSettings("weft", "jdbc:postgresql://localhost:5432/postgres", "postgres", "secret",
        "file:///work/.weft/warehouse");

    assertThat(TrinoIcebergCatalog.properties(catalog).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())).containsExactly(
        "connector.name=iceberg",
        "iceberg.catalog.type=jdbc",
        "iceberg.jdbc-catalog.catalog-name=weft",
        "iceberg.jdbc-catalog.driver-class=org.postgresql.Driver",
        "iceberg.jdbc-catalog.connection-url=jdbc:postgresql://localhost:5432/postgres",
        "iceberg.jdbc-catalog.connection-user=postgres",
        "iceberg.jdbc-catalog.connection-password=secret",
        "iceberg.jdbc-catalog.default-warehouse-dir=file:///work/.weft/warehouse",
        "fs.native-local.enabled=true",
        "local.location=/");
  }
}
