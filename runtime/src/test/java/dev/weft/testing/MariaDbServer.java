package dev.weft.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real MariaDB server (Debian's mariadb-server, which .ci/run installs) started as a child
 * process on a free port with a fresh data directory, for the MySQL CDC tests. No Docker.
 */
public final class MariaDbServer implements AutoCloseable {
  private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
  private static final Path INSTALL_DB = Path.of("/usr/bin/mariadb-install-db");
  private static final Path CLIENT = Path.of("/usr/bin/mariadb");
  private static final Duration STARTUP = Duration.ofMinutes(1);
  /** The user the tests and products connect as, with every privilege CDC needs. */
  public static final String USER = "weft";
  public static final String PASSWORD = "weft-password";

  private final Process process;
  private final Path dataDirectory;
  private final int port;

  private MariaDbServer(Process process, Path dataDirectory, int port) {
    this.process = process;
    this.dataDirectory = dataDirectory;
    this.port = port;
  }

  /** Why the MySQL CDC tests cannot run here, if they cannot. */
  public static java.util.Optional<String> unavailable() {
    return Files.isExecutable(SERVER) && Files.isExecutable(INSTALL_DB) && Files.isExecutable(CLIENT)
        ? java.util.Optional.empty()
        : java.util.Optional.of("MariaDB is not installed (" + SERVER + "): apt-get install mariadb-server, as .ci/run does");
  }

  /**
   * @param binlogOptions server options for the binlog, e.g. {@code --log-bin=mysql-bin --binlog-format=ROW}
   */
  public static MariaDbServer start(String... binlogOptions) throws Exception {
    Path data = Files.createTempDirectory("weft-mariadb-");
    run(List.of(INSTALL_DB.toString(), "--no-defaults", "--datadir=" + data, "--user=root", "--skip-test-db",
        "--auth-root-authentication-method=socket"));
    int port = freePort();
    List<String> command = new ArrayList<>(List.of(SERVER.toString(), "--no-defaults", "--datadir=" + data, "--user=root",
        "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + data.resolve("mysqld.sock"), "--pid-file=" + data.resolve("mysqld.pid"),
        "--server-id=1", "--default-time-zone=+00:00", "--log-error=" + data.resolve("error.log")));
    command.addAll(List.of(binlogOptions));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(data.resolve("stdout.log").toFile()).start();
    MariaDbServer server = new MariaDbServer(process, data, port);
    server.awaitSocket();
    server.client("CREATE USER '" + USER + "'@'%' IDENTIFIED BY '" + PASSWORD + "'; GRANT ALL PRIVILEGES ON *.* TO '" + USER + "'@'%';"
        + " CREATE DATABASE shop;");
    return server;
  }

  public int port() {
    return port;
  }

  public String jdbcUrl() {
    return "jdbc:mysql://127.0.0.1:" + port;
  }

  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl() + "/shop?connectionTimeZone=UTC&forceConnectionTimeZoneToSession=true", USER, PASSWORD);
  }

  /** Runs SQL as the server's root user, over its socket. */
  public void client(String sql) throws Exception {
    run(List.of(CLIENT.toString(), "--no-defaults", "--socket=" + dataDirectory.resolve("mysqld.sock"), "-uroot", "-e", sql));
  }

  private void awaitSocket() throws Exception {
    long deadline = System.nanoTime() + STARTUP.toNanos();
    while (!Files.exists(dataDirectory.resolve("mysqld.sock"))) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new IllegalStateException("MariaDB did not start: " + Files.readString(dataDirectory.resolve("error.log")));
      }
      Thread.sleep(100);
    }
  }

  private static void run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command.subList(0, 1)) + " failed: " + output);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
    }
    TempFolders.delete(dataDirectory);
  }
}
