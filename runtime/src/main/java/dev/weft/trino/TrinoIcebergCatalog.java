package dev.weft.trino;

import dev.weft.execute.IcebergCatalogSettings;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Trino's {@code iceberg} catalog on the same Iceberg JDBC catalog the products write: same
 * database, same catalog name (Iceberg keys its rows by it), same warehouse. Trino's Iceberg plugin
 * bundles only the PostgreSQL driver, which is why the shared catalog lives in PostgreSQL.
 */
public final class TrinoIcebergCatalog {
  /** The catalog's name in Trino: tables are {@code iceberg.<domain>.<table>}. */
  public static final String NAME = "iceberg";

  private TrinoIcebergCatalog() {}

  /** The properties of {@code etc/catalog/iceberg.properties}. */
  public static Map<String, String> properties(IcebergCatalogSettings catalog) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("connector.name", "iceberg");
    properties.put("iceberg.catalog.type", "jdbc");
    properties.put("iceberg.jdbc-catalog.catalog-name", catalog.name());
    properties.put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver");
    properties.put("iceberg.jdbc-catalog.connection-url", catalog.jdbcUrl());
    properties.put("iceberg.jdbc-catalog.connection-user", catalog.user());
    properties.put("iceberg.jdbc-catalog.connection-password", catalog.password());
    properties.put("iceberg.jdbc-catalog.default-warehouse-dir", catalog.warehouse());
    if (catalog.s3().isPresent()) {
      // a warehouse on S3: Trino's native S3 file system, its keys from its environment (TrinoServer sets them)
      properties.putAll(catalog.s3().get().trinoProperties());
    } else {
      // the products' warehouse is local disk (file:/…); Trino's native local file system serves it from /
      properties.put("fs.native-local.enabled", "true");
      properties.put("local.location", "/");
    }
    return properties;
  }
}
