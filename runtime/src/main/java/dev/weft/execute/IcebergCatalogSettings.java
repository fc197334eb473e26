package dev.weft.execute;

import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.secret.SecretReference;
import dev.weft.jobs.secret.SecretResolvingCatalogLoader;
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
 *
 * @param passwordReference the {@code ${secret:…}}/{@code ${env:…}} the password came from, empty
 *     when it was given as it is: jobs then carry the reference and resolve it in their tasks
 */
public record IcebergCatalogSettings(String name, String jdbcUrl, String user, String password, String warehouse,
    String passwordReference) {

  public IcebergCatalogSettings(String name, String jdbcUrl, String user, String password, String warehouse) {
    this(name, jdbcUrl, user, password, warehouse, "");
  }

  /** The catalog in the given database, named and with the warehouse the options say. */
  public static IcebergCatalogSettings of(org.apache.flink.configuration.Configuration options, String jdbcUrl, String user, String password) {
    String warehouse = options.getOptional(WeftOptions.WAREHOUSE)
        .orElse(Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath().resolve("warehouse").toUri().toString());
    return new IcebergCatalogSettings(options.get(WeftOptions.CATALOG_NAME), jdbcUrl, user, password, warehouse);
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
    return new IcebergCatalogSettings(name, jdbcUrl, user, password, warehouse, reference);
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
