package dev.weft.jobs.secret;

import dev.weft.jobs.mask.SecretLookup;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * Opens an Iceberg catalog whose password the job carries as a reference: the password is looked
 * up when a task opens the catalog, so the serialized job graph holds {@code ${secret:NAME}}, never
 * the password ({@link CatalogLoader#custom} would serialize every property as it is).
 */
public final class SecretResolvingCatalogLoader implements CatalogLoader {
  private static final long serialVersionUID = 1L;

  private final String name;
  /** Without the password. A HashMap: the loader is serialized into the job graph. */
  private final HashMap<String, String> properties;
  private final String passwordProperty;
  private final SecretReference password;
  private final SecretLookup secrets;
  private final String catalogImpl;

  public SecretResolvingCatalogLoader(String name, Map<String, String> properties, String passwordProperty, SecretReference password,
      SecretLookup secrets, String catalogImpl) {
    this.name = name;
    this.properties = new HashMap<>(properties);
    this.properties.remove(passwordProperty);
    this.passwordProperty = passwordProperty;
    this.password = password;
    this.secrets = secrets;
    this.catalogImpl = catalogImpl;
  }

  @Override
  public Catalog loadCatalog() {
    Map<String, String> resolved = new HashMap<>(properties);
    resolved.put(passwordProperty, password.resolve(secrets));
    return CatalogLoader.custom(name, resolved, new org.apache.hadoop.conf.Configuration(), catalogImpl).loadCatalog();
  }

  @Override
  @SuppressWarnings({"checkstyle:NoClone", "checkstyle:SuperClone"})
  public CatalogLoader clone() {
    return new SecretResolvingCatalogLoader(name, properties, passwordProperty, password, secrets, catalogImpl);
  }

  @Override
  public String toString() {
    return "catalog " + name + " (" + catalogImpl + ", password " + password + ")";
  }
}
