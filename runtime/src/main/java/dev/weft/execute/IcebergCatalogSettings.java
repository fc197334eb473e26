package dev.weft.execute;

import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The Iceberg JDBC catalog products publish their tables to. JDBC because PostgreSQL is what
 * Flink and Trino can share; the same name must be used by both.
 */
public record IcebergCatalogSettings(String name, String jdbcUrl, String user, String password, String warehouse) {

  public Map<String, String> properties() {
    return Map.of(
        CatalogProperties.URI, jdbcUrl,
        JdbcCatalog.PROPERTY_PREFIX + "user", user,
        JdbcCatalog.PROPERTY_PREFIX + "password", password,
        CatalogProperties.WAREHOUSE_LOCATION, warehouse);
  }

  /** For Flink operators: serializable, opened on the task managers. */
  public CatalogLoader loader() {
    return CatalogLoader.custom(name, properties(), new Configuration(), JdbcCatalog.class.getName());
  }

  public Catalog open() {
    return loader().loadCatalog();
  }
}
