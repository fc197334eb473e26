package dev.weft.catalog.launch;

import dev.weft.catalog.CatalogSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Starts a catalog service in this process ({@code weft catalog}, the embedded stack of {@code weft dev}).
 * The catalog module ({@code weft-catalog}) implements it and is found at run time through
 * {@link ServiceLoader}, so what starts a catalog compiles against this API alone and never sees the
 * server's storage or HTTP classes.
 */
public interface CatalogLauncher {

  /**
   * Migrates the PostgreSQL database at {@code jdbcUrl} and serves the catalog on it; closing the
   * result stops the service.
   *
   * @throws IOException when the port cannot be bound
   * @throws IllegalArgumentException on a URL that is no PostgreSQL JDBC URL, or bad TLS files
   */
  RunningCatalog start(String jdbcUrl, String user, String password, CatalogSettings settings) throws IOException;

  /**
   * Starts an embedded PostgreSQL whose data stays in {@code dataDirectory} (so the catalog survives
   * a restart) and serves the catalog on it; closing the result stops both.
   *
   * @throws IOException when the port cannot be bound
   */
  RunningCatalog startEmbedded(Path dataDirectory, CatalogSettings settings) throws IOException;

  /**
   * The catalog module's launcher.
   *
   * @throws IllegalStateException when {@code weft-catalog} is not on the class path
   */
  static CatalogLauncher find() {
    return ServiceLoader.load(CatalogLauncher.class, CatalogLauncher.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException("cannot start a catalog service in this process: the catalog module "
            + "(weft-catalog) is not on the class path; run Weft with its full class path (./weft), or give --catalog-url"));
  }
}
