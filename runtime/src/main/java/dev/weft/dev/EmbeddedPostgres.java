package dev.weft.dev;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A real PostgreSQL server started from the binaries Maven ships (zonky), holding the Iceberg JDBC
 * catalog and the demo shop database that CDC inputs read (logical decoding is on). Its data
 * directory is kept, so tables survive a restart of the dev stack; a server an earlier Weft left
 * running on it (killed without stopping it) is stopped first.
 */
public final class EmbeddedPostgres implements AutoCloseable {
  private final Path dataDirectory;
  private volatile io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  private EmbeddedPostgres(Path dataDirectory, io.zonky.test.db.postgres.embedded.EmbeddedPostgres server) {
    this.dataDirectory = dataDirectory;
    this.server = server;
  }

  public static EmbeddedPostgres start(Path dataDirectory) {
    try {
      Files.createDirectories(dataDirectory);
      LeftoverPostgres.stopIfOrphaned(dataDirectory);
      EmbeddedPostgres started = new EmbeddedPostgres(dataDirectory, server(dataDirectory, 0));
      LeftoverPostgres.own(dataDirectory);
      return started;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the embedded PostgreSQL in " + dataDirectory + ": " + e.getMessage(), e);
    }
  }

  /** @param port 0 for any free one */
  private static io.zonky.test.db.postgres.embedded.EmbeddedPostgres server(Path dataDirectory, int port) throws IOException {
    var builder = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
        .setDataDirectory(dataDirectory)
        .setCleanDataDirectory(false)
        .setServerConfig("wal_level", "logical")
        .setServerConfig("max_replication_slots", "32")
        .setServerConfig("max_wal_senders", "32");
    if (port != 0) {
      builder.setPort(port);
    }
    return builder.start();
  }

  /**
   * An outage drill: stops the server (its clients' connections break), waits, and starts it again
   * on the same port with the same data, as a database restart or failover looks to its clients.
   */
  public void outage(java.time.Duration downtime) throws IOException, InterruptedException {
    int port = server.getPort();
    server.close();
    Thread.sleep(downtime.toMillis());
    server = server(dataDirectory, port);
  }

  public String jdbcUrl() {
    return server.getJdbcUrl("postgres", "postgres");
  }

  /** A database of this server, created if it does not exist yet. */
  public String database(String name) {
    try (var connection = java.sql.DriverManager.getConnection(jdbcUrl(), user(), "");
        var exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, name);
      if (!exists.executeQuery().next()) {
        try (var create = connection.createStatement()) {
          create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot create database " + name + " on the embedded PostgreSQL: " + e.getMessage(), e);
    }
    return "jdbc:postgresql://localhost:" + server.getPort() + "/" + name;
  }

  public String user() {
    return "postgres";
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
