package dev.weft.catalog.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The catalog's PostgreSQL database: any JDBC URL (production) or the embedded one. Every write runs
 * in one transaction, so a refused or failed request leaves nothing behind.
 */
public final class CatalogDatabase {
  private final String url;
  private final String user;
  private final String password;

  public CatalogDatabase(String url, String user, String password) {
    if (url == null || !url.startsWith("jdbc:postgresql:")) {
      throw new IllegalArgumentException("the catalog database must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB), was: " + url);
    }
    this.url = url;
    this.user = user;
    this.password = password == null ? "" : password;
  }

  /** Brings the schema to the newest version (Flyway migrations under db/migration). */
  public void migrate() {
    Flyway.configure(CatalogDatabase.class.getClassLoader())
        .dataSource(url, user, password)
        .locations("classpath:db/migration")
        .table("catalog_schema_history")
        .load()
        .migrate();
  }

  public Connection connect() throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    properties.setProperty("password", password);
    return DriverManager.getConnection(url, properties);
  }

  @FunctionalInterface
  public interface Work<T> {
    T run(Connection connection) throws Exception;
  }

  /** Runs {@code work} in one transaction: committed if it returns, rolled back if it throws. */
  public <T> T inTransaction(Work<T> work) throws Exception {
    try (Connection connection = connect()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        return result;
      } catch (Exception | Error e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /** Runs read-only work on its own connection. */
  public <T> T read(Work<T> work) throws Exception {
    try (Connection connection = connect()) {
      connection.setReadOnly(true);
      return work.run(connection);
    }
  }

  public String url() {
    return url;
  }
}
