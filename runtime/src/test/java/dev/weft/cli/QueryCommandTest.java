package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weft query and weft dev --with-trino where there is no Trino to reach or start: messages, no stack traces. */
class QueryCommandTest {
  private final WeftCommandLine cli = new WeftCommandLine();
  @TempDir Path work;

  @Test
  void withoutTrinoFlagItNeedsARunningDevStack() {
    assertThat(cli.run("query", "SELECT 1", "--work-dir", work.toString())).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("no Trino to query: no `weft dev --with-trino` runs with work dir " + work
        + " (it would name its Trino in " + work.resolve("trino/jdbc-url") + "); start one, or give --trino jdbc:trino://HOST:PORT/iceberg\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void theTrinoFlagMustBeATrinoJdbcUrl() {
    assertThat(cli.run("query", "SELECT 1", "--trino", "http://localhost:8080")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("--trino http://localhost:8080: not a Trino JDBC URL; it looks like jdbc:trino://HOST:PORT/iceberg\n");
  }

  @Test
  void aTrinoThatDoesNotAnswerIsNamed() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    String url = "jdbc:trino://127.0.0.1:" + port + "/iceberg";
    assertThat(cli.run("query", "SELECT 1", "--trino", url)).isEqualTo(1);
    assertThat(cli.err()).startsWith("cannot query Trino at " + url + ": ").doesNotContain("\tat ");
  }

  @Test
  void devWithTrinoRefusesAJavaHomeThatIsNoJdkBeforeStartingAnything() {
    assertThat(cli.run("dev", "../product-specs", "--with-trino", "--trino-java-home", work.toString(), "--work-dir", work.toString()))
        .isEqualTo(1);
    assertThat(cli.err()).isEqualTo("weft.trino.java-home " + work + " is not a JDK: no bin/java and release file with JAVA_VERSION there\n");
    assertThat(cli.out()).isEmpty();
  }
}
