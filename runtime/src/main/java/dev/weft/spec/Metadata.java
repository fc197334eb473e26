package dev.weft.spec;

import dev.weft.catalog.product.SemanticVersion;
import java.util.List;

/** Who a product is and who owns it. */
public record Metadata(
    String name, String domain, SemanticVersion version, String owner, String description, List<String> tags) {

  public Metadata {
    tags = List.copyOf(tags);
  }

  /** {@code <domain>.<name>}, how other products and the catalog address it. */
  public String qualifiedName() {
    return domain + "." + name;
  }
}
