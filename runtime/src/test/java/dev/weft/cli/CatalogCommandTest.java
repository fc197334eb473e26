package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
import org.junit.jupiter.api.Test;

/** {@code weft catalog} refuses what it cannot start with, before starting anything. */
class CatalogCommandTest {
  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void needsAToken() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(dev.weft.catalogreport.CatalogConnection.TOKEN_VARIABLE) == null, "WEFT_CATALOG_TOKEN is set here");
    assertThat(cli.run("catalog", "--db", "jdbc:postgresql://localhost:1/none")).isEqualTo(1);
    assertThat(cli.err().lines()).containsExactly("the catalog needs an admin token: give --token or set WEFT_CATALOG_TOKEN");
  }

  @Test
  void needsAPostgresUrl() {
    assertThat(cli.run("catalog", "--db", "jdbc:mysql://localhost/catalog", "--token", "t")).isEqualTo(1);
    assertThat(cli.err().lines()).containsExactly(
        "the catalog database must be a PostgreSQL JDBC URL (jdbc:postgresql://HOST:PORT/DB), was: jdbc:mysql://localhost/catalog");
  }

  @Test
  void refusesAPortOutOfRange() {
    assertThat(cli.run("catalog", "--port", "70000", "--token", "t")).isEqualTo(1);
    assertThat(cli.err().lines()).containsExactly("port must be from 0 to 65535, was 70000");
  }

  @Test
  void needsBothTlsFilesOrNeither() {
    assertThat(cli.run("catalog", "--token", "t", "--tls-cert", "catalog.crt")).isEqualTo(1);
    assertThat(cli.err().lines()).containsExactly("--tls-cert and --tls-key go together: give both PEM files, or neither for plain HTTP");
  }

  @Test
  void tokenCommandsNeedTheAdminToken() {
    org.junit.jupiter.api.Assumptions.assumeTrue(System.getenv(dev.weft.catalogreport.CatalogConnection.TOKEN_VARIABLE) == null, "WEFT_CATALOG_TOKEN is set here");
    assertThat(cli.run("catalog", "token", "list", "--catalog-url", "http://localhost:1")).isEqualTo(1);
    assertThat(cli.err().lines()).containsExactly("catalog tokens are managed with the admin token: give --catalog-token or set WEFT_CATALOG_TOKEN");
  }
}
