package dev.weft.execute;

import dev.weft.spec.References;
import java.nio.file.Path;
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

  /** The catalog in the given database, named and with the warehouse the options say. */
  public static IcebergCatalogSettings of(org.apache.flink.configuration.Configuration options, String jdbcUrl, String user, String password) {
    String warehouse = options.getOptional(WeftOptions.WAREHOUSE)
        .orElse(Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath().resolve("warehouse").toUri().toString());
    return new IcebergCatalogSettings(options.get(WeftOptions.CATALOG_NAME), jdbcUrl, user, password, warehouse);
  }

  /** The catalog of {@code weft.iceberg.catalog-uri}, which must be set. */
  public static IcebergCatalogSettings external(org.apache.flink.configuration.Configuration options) {
    return of(options, options.get(WeftOptions.CATALOG_URI), options.get(WeftOptions.CATALOG_USER),
        References.resolve(options.get(WeftOptions.CATALOG_PASSWORD)));
  }

  /** Where schedules and run history are kept: the catalog's own database. */
  public dev.weft.schedule.ScheduleStore scheduleStore() {
    return new dev.weft.schedule.ScheduleStore(jdbcUrl, user, password);
  }

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
