package dev.weft.catalog.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;

/**
 * The catalog's PostgreSQL database: any JDBC URL (production) or the embedded one. Every write runs
 * in one transaction, so a refused or failed request leaves nothing behind. Connections are kept
 * for reuse (at most {@link #IDLE_CONNECTIONS} idle): opening one costs PostgreSQL a process, which
 * made every request tens of milliseconds slower in benchmarks/run-catalog.sh.
 */
public final class CatalogDatabase implements AutoCloseable {
  static final int IDLE_CONNECTIONS = 16;

  private final String url;
  private final String user;
  private final String password;
  private final java.util.concurrent.BlockingQueue<Connection> idle = new java.util.concurrent.ArrayBlockingQueue<>(IDLE_CONNECTIONS);

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
    Connection connection = borrow();
    boolean reusable = false;
    try {
      connection.setAutoCommit(false);
      try {
        T result = work.run(connection);
        connection.commit();
        reusable = true;
        return result;
      } catch (Exception | Error e) {
        connection.rollback();
        reusable = !(e instanceof SQLException sql) || !isConnectionProblem(sql);
        throw e;
      }
    } finally {
      giveBack(connection, reusable);
    }
  }

  /** Runs work that only reads, each statement on its own (autocommit). */
  public <T> T read(Work<T> work) throws Exception {
    Connection connection = borrow();
    boolean reusable = false;
    try {
      T result = work.run(connection);
      reusable = true;
      return result;
    } catch (SQLException e) {
      reusable = !isConnectionProblem(e);
      throw e;
    } catch (Exception | Error e) {
      reusable = true;
      throw e;
    } finally {
      giveBack(connection, reusable);
    }
  }

  private Connection borrow() throws SQLException {
    Connection connection = idle.poll();
    while (connection != null && connection.isClosed()) {
      connection = idle.poll();
    }
    return connection != null ? connection : connect();
  }

  private void giveBack(Connection connection, boolean reusable) throws SQLException {
    if (reusable && !connection.isClosed()) {
      connection.setAutoCommit(true);
      if (idle.offer(connection)) {
        return;
      }
    }
    connection.close();
  }

  /** SQL state class 08: the connection itself failed, so it is not given to the next request. */
  private static boolean isConnectionProblem(SQLException e) {
    return e.getSQLState() == null || e.getSQLState().startsWith("08");
  }

  /** Closes the idle connections. */
  @Override
  public void close() {
    Connection connection;
    while ((connection = idle.poll()) != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // closing anyway
      }
    }
  }

  public String url() {
    return url;
  }
}
