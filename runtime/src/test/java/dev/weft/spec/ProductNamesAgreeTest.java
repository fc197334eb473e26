package dev.weft.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.SemanticVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The spec loader and the one {@link ProductRef} and {@link SemanticVersion} accept and refuse the
 * same names, references and versions: a product a spec may declare is one the catalog registers
 * and other specs can name as an input, and no other.
 */
class ProductNamesAgreeTest {
  // each spec load costs milliseconds: a few names of each kind the grammars used to disagree on
  private static final List<String> NAMES = List.of("order-events", "a1", "v2-orders", "Orders", "order_events", "order--events",
      "orders-", "1orders", "order.events", "");
  private static final List<String> VERSIONS = List.of("1.0.0", "10.20.30", "1.2.3-rc.1", "1.2.3+build.7", "01.0.0", "1.2", "v1.2.0",
      "1.2.3-", "99999999999.0.0");

  @Test
  void aNameIsAcceptedBySpecsExactlyWhenProductRefAcceptsIt() throws Exception {
    String example = Files.readString(Path.of("../product-specs/orders/order-events.yaml"));
    for (String name : NAMES) {
      boolean byRef = ProductRef.isName(name);
      assertThat(ProductRef.parse("orders." + name + "@1").isPresent()).as("ProductRef.parse of product '%s'", name).isEqualTo(byRef);
      assertThat(ProductRef.parse(name + ".order-events").isPresent()).as("ProductRef.parse of domain '%s'", name).isEqualTo(byRef);
      assertThat(loads(example.replace("name: order-events", "name: \"" + name + "\""))).as("spec with metadata.name '%s'", name)
          .isEqualTo(byRef);
      assertThat(loads(example.replace("domain: orders", "domain: \"" + name + "\""))).as("spec with metadata.domain '%s'", name)
          .isEqualTo(byRef);
    }
  }

  @Test
  void anInputNamesAnUpstreamProductExactlyAsProductRefParsesIt() throws Exception {
    String example = Files.readString(Path.of("../product-specs/orders/orders-with-tier.yaml"));
    for (String name : List.of("order-events", "order_events", "order--events")) {
      for (String major : List.of("12", "0", "01", "1234567890")) {
        String reference = "orders." + name + "@" + major;
        Optional<ProductRef> parsed = ProductRef.parse(reference);
        assertThat(loads(example.replace("product: orders.order-events@1", "product: \"" + reference + "\"")))
            .as("spec with input product '%s'", reference).isEqualTo(parsed.isPresent());
      }
    }
  }

  @Test
  void aVersionIsAcceptedBySpecsExactlyWhenSemanticVersionParsesIt() throws Exception {
    String example = Files.readString(Path.of("../product-specs/orders/order-events.yaml"));
    for (String version : VERSIONS) {
      Optional<SemanticVersion> parsed = SemanticVersion.parse(version);
      Optional<ProductSpec> spec = load(example.replace("version: 1.0.0", "version: \"" + version + "\""));
      assertThat(spec.map(s -> s.metadata().version())).as("spec with metadata.version '%s'", version).isEqualTo(parsed);
    }
  }

  private static boolean loads(String text) {
    return load(text).isPresent();
  }

  private static Optional<ProductSpec> load(String text) {
    try {
      return Optional.of(SpecLoader.load("names.yaml", text));
    } catch (InvalidSpecException refused) {
      return Optional.empty();
    }
  }
}
