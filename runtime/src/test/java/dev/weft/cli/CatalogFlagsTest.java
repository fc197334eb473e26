package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.weft.catalogreport.CatalogConnection;
import dev.weft.testing.WeftCommandLine;
import org.junit.jupiter.api.Test;

/** Wrong catalog flags of weft run and weft dev are refused before anything starts. */
class CatalogFlagsTest {
  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void aCatalogUrlThatIsNotHttpIsRefused() {
    assertThat(cli.run("run", "../product-specs/orders/order-events.yaml", "--catalog-url", "ftp://catalog:21", "--catalog-token", "t"))
        .isEqualTo(2);
    assertThat(cli.err()).isEqualTo(
        "--catalog-url: 'ftp://catalog:21' is not a catalog URL: expected http://host:port or https://host:port\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aCatalogUrlNeedsAToken() {
    assumeTrue(System.getenv(CatalogConnection.TOKEN_VARIABLE) == null, "the environment sets " + CatalogConnection.TOKEN_VARIABLE);
    assertThat(cli.run("dev", "../product-specs/orders", "--catalog-url", "http://catalog:8081")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("--catalog-url needs a write token: give --catalog-token or set WEFT_CATALOG_TOKEN\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void retireNeedsAWriteTokenAndAReason() {
    assumeTrue(System.getenv(CatalogConnection.TOKEN_VARIABLE) == null, "the environment sets " + CatalogConnection.TOKEN_VARIABLE);
    assertThat(cli.run("retire", "../product-specs/orders/order-events.yaml", "--reason", "replaced")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("weft retire writes to the catalog: give --catalog-token or set WEFT_CATALOG_TOKEN\n");
    cli.clear();
    assertThat(cli.run("retire", "../product-specs/orders/order-events.yaml", "--catalog-token", "t")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Missing required option: '--reason=TEXT'\n");
    assertThat(cli.out()).isEmpty();
  }
}
