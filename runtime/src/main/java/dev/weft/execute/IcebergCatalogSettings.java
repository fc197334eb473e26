package dev.weft.execute;

import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.secret.SecretReference;
import dev.weft.jobs.secret.SecretResolvingCatalogLoader;
import dev.weft.spec.References;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * The Iceberg JDBC catalog products publish their tables to. JDBC because PostgreSQL is what
 * Flink and Trino can share; the same name must be used by both.
 *
 * @param passwordReference the {@code ${secret:…}}/{@code ${env:…}} the password came from, empty
 *     when it was given as it is: jobs then carry the reference and resolve it in their tasks
 * @param s3 how to reach the warehouse when it is in an S3 bucket; empty: local disk (Hadoop's file system)
 */
public record IcebergCatalogSettings(String name, String jdbcUrl, String user, String password, String warehouse,
    String passwordReference, Optional<S3Warehouse> s3) {

  public IcebergCatalogSettings(String name, String jdbcUrl, String user, String password, String warehouse) {
    this(name, jdbcUrl, user, password, warehouse, "", Optional.empty());
  }

  /**
   * The catalog in the given database, named and with the warehouse the options say.
   *
   * @throws IllegalArgumentException naming the option when the S3 options are wrong ({@link S3Warehouse#of})
   */
  public static IcebergCatalogSettings of(org.apache.flink.configuration.Configuration options, String jdbcUrl, String user, String password) {
    String warehouse = warehouse(options);
    return new IcebergCatalogSettings(options.get(WeftOptions.CATALOG_NAME), jdbcUrl, user, password, warehouse, "",
        S3Warehouse.of(options, warehouse));
  }

  /** Where the options put the warehouse: {@code weft.iceberg.warehouse}, else {@code <work-dir>/warehouse}. */
  public static String warehouse(org.apache.flink.configuration.Configuration options) {
    return options.getOptional(WeftOptions.WAREHOUSE)
        .orElse(Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath().resolve("warehouse").toUri().toString());
  }

  /** The catalog of {@code weft.iceberg.catalog-uri}, which must be set. */
  public static IcebergCatalogSettings external(org.apache.flink.configuration.Configuration options) {
    String password = options.get(WeftOptions.CATALOG_PASSWORD);
    // resolved as the tasks will: from WEFT_SECRET_<NAME>, else the secrets folder
    java.util.function.UnaryOperator<String> references = options.getOptional(WeftOptions.SECRETS_DIR)
        .map(folder -> References.fromEnvironment(Path.of(folder))).orElse(References.fromEnvironment());
    IcebergCatalogSettings settings = of(options, options.get(WeftOptions.CATALOG_URI), options.get(WeftOptions.CATALOG_USER),
        references.apply(password));
    return References.isReference(password) ? settings.withPasswordReference(password) : settings;
  }

  private IcebergCatalogSettings withPasswordReference(String reference) {
    return new IcebergCatalogSettings(name, jdbcUrl, user, password, warehouse, reference, s3);
  }

  public Map<String, String> properties() {
    Map<String, String> properties = new HashMap<>(Map.of(
        CatalogProperties.URI, jdbcUrl,
        JdbcCatalog.PROPERTY_PREFIX + "user", user,
        JdbcCatalog.PROPERTY_PREFIX + "password", password,
        CatalogProperties.WAREHOUSE_LOCATION, warehouse));
    // S3FileIO for a warehouse on S3; without it the catalog's default, Hadoop's file system, serves local disk
    s3.ifPresent(bucket -> properties.putAll(bucket.catalogProperties()));
    return Map.copyOf(properties);
  }

  /** For Flink operators: serializable, opened on the task managers. */
  public CatalogLoader loader() {
    return CatalogLoader.custom(name, properties(), new Configuration(), JdbcCatalog.class.getName());
  }

  /**
   * For product jobs: like {@link #loader}, but a password given as a reference stays one in the
   * job graph, and each task looks it up where it runs.
   */
  public CatalogLoader taskLoader(SecretLookup secrets) {
    return SecretReference.parse(passwordReference)
        .<CatalogLoader>map(reference -> new SecretResolvingCatalogLoader(name, properties(), JdbcCatalog.PROPERTY_PREFIX + "password",
            reference, secrets, JdbcCatalog.class.getName()))
        .orElseGet(this::loader);
  }

  public Catalog open() {
    return loader().loadCatalog();
  }
}
