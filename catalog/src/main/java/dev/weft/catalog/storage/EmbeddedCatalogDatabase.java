package dev.weft.catalog.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * The default database: a PostgreSQL server from the binaries Maven ships (zonky), whose data
 * directory is kept, so the catalog's products survive a restart.
 */
public final class EmbeddedCatalogDatabase implements AutoCloseable {
  public static final String DATABASE = "weft_catalog";

  private final io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  private EmbeddedCatalogDatabase(io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.server = server;
  }

  public static EmbeddedCatalogDatabase start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      EmbeddedCatalogDatabase database = new EmbeddedCatalogDatabase(io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
          .setDataDirectory(dataDirectory)
          .setCleanDataDirectory(false)
          .start());
      database.createIfMissing();
      return database;
    } catch (IOException | SQLException e) {
      throw new IllegalStateException("cannot start the embedded PostgreSQL for the catalog in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  private void createIfMissing() throws SQLException {
    try (var connection = DriverManager.getConnection(server.getJdbcUrl("postgres", "postgres"), "postgres", "");
        var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      if (!exists.executeQuery().next()) {
        try (var create = connection.createStatement()) {
          create.execute("CREATE DATABASE " + DATABASE);
        }
      }
    }
  }

  public CatalogDatabase database() {
    return new CatalogDatabase("jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE, "postgres", "");
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
