package dev.weft.dev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.ResultSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL on a data directory that an earlier Weft process may still hold. */
class EmbeddedPostgresITCase {
  @TempDir Path work;

  private static long postmasterPid(Path data) throws Exception {
    return Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
  }

  @Test
  void aServerLeftRunningByAWeftKilledWithoutStoppingItIsStoppedAndItsDataKept() throws Exception {
    Path data = work.resolve("postgres");
    // a Weft in a JVM of its own, killed with SIGKILL: its PostgreSQL keeps running
    Process weft = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), PostgresHolder.class.getName(), data.toString())
        .redirectErrorStream(true).start();
    String jdbcUrl;
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(weft.getInputStream()))) {
      String line;
      do {
        line = lines.readLine();
      } while (line != null && !line.startsWith("ready "));
      assertThat(line).as("the holder's output").isNotNull();
      jdbcUrl = line.substring("ready ".length());
      try (var connection = DriverManager.getConnection(jdbcUrl, "postgres", "")) {
        connection.createStatement().execute("CREATE TABLE kept (id INT); INSERT INTO kept VALUES (7)");
      }
      long leftoverPid = postmasterPid(data);
      weft.destroyForcibly().waitFor();
      assertThat(ProcessHandle.of(leftoverPid).filter(ProcessHandle::isAlive)).as("left running").isPresent();

      try (EmbeddedPostgres restarted = EmbeddedPostgres.start(data)) {
        assertThat(ProcessHandle.of(leftoverPid).filter(ProcessHandle::isAlive)).isEmpty();
        assertThat(Files.readString(LeftoverPostgres.ownerFile(data))).isEqualTo(Long.toString(ProcessHandle.current().pid()));
        try (var connection = DriverManager.getConnection(restarted.jdbcUrl(), "postgres", "");
            ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM kept")) {
          assertThat(rows.next()).isTrue();
          assertThat(rows.getInt(1)).isEqualTo(7);
        }
      }
    }
  }

  @Test
  void aServerWhoseWeftStillRunsIsLeftAlone() throws Exception {
    Path data = work.resolve("postgres");
    try (EmbeddedPostgres running = EmbeddedPostgres.start(data)) {
      long pid = postmasterPid(data);
      assertThatThrownBy(() -> EmbeddedPostgres.start(data))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("the PostgreSQL server (pid " + pid + ") in " + data
              + " belongs to a Weft process that is still running (pid " + ProcessHandle.current().pid()
              + "): stop that one first, or give another --work-dir");
      assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).isPresent();
    }
  }
}
