package dev.weft.catalog;

import dev.weft.catalog.launch.CatalogLauncher;
import dev.weft.catalog.launch.RunningCatalog;
import dev.weft.catalog.storage.CatalogDatabase;
import dev.weft.catalog.storage.EmbeddedCatalogDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

/** The catalog module's {@link CatalogLauncher} (registered in META-INF/services): the service on a database it opens. */
public final class CatalogServiceLauncher implements CatalogLauncher {

  @Override
  public RunningCatalog start(String jdbcUrl, String user, String password, CatalogSettings settings) throws IOException {
    CatalogDatabase database = new CatalogDatabase(jdbcUrl, user, password);
    try {
      return CatalogService.start(database, settings);
    } catch (IOException | RuntimeException e) {
      database.close();
      throw e;
    }
  }

  @Override
  public RunningCatalog startEmbedded(Path dataDirectory, CatalogSettings settings) throws IOException {
    EmbeddedCatalogDatabase postgres = EmbeddedCatalogDatabase.start(dataDirectory);
    try {
      return new OnEmbeddedDatabase(CatalogService.start(postgres.database(), settings), postgres);
    } catch (IOException | RuntimeException e) {
      postgres.close();
      throw e;
    }
  }

  /** A service and the embedded PostgreSQL under it, stopped in that order. */
  private record OnEmbeddedDatabase(CatalogService service, EmbeddedCatalogDatabase postgres) implements RunningCatalog {
    @Override
    public InetSocketAddress address() {
      return service.address();
    }

    @Override
    public String scheme() {
      return service.scheme();
    }

    @Override
    public void close() {
      try {
        service.close();
      } finally {
        try {
          postgres.close();
        } catch (IOException e) {
          throw new UncheckedIOException("cannot stop the catalog's embedded PostgreSQL: " + e.getMessage(), e);
        }
      }
    }
  }
}
