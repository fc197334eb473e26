package dev.weft.catalogreport;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.SemanticVersion;
import dev.weft.catalog.schema.SchemaChange;
import dev.weft.catalog.schema.SchemaCompatibility;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.Position;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecProblem;
import java.util.List;
import java.util.Optional;

/**
 * A spec's published schema against the version before it in its major, as the catalog holds it:
 * each breaking change, at the spec line it concerns. The catalog refuses the same changes on
 * registration; checking first lets {@code weft validate} and {@code weft run} point at the spec.
 */
public final class CatalogCompatibility {
  private CatalogCompatibility() {}

  /** @throws dev.weft.catalog.client.CatalogException when the catalog cannot be asked */
  public static List<SpecProblem> problems(ProductSpec spec, ProductRegistration registration, CatalogClient client) {
    Optional<ProductRegistration> previous = client.predecessor(registration.domain(), registration.name(), registration.version());
    if (previous.isEmpty()) {
      return List.of();
    }
    List<SchemaChange> changes = SchemaCompatibility.breakingChanges(previous.get().schema(), previous.get().version(), registration.schema());
    String against = "schema is not " + spec.schema().compatibility().text() + " compatible with " + registration.qualifiedName() + " "
        + previous.get().version() + " in the catalog: ";
    String remedy = "; a breaking change needs a new major version (" + (SemanticVersion.major(registration.version()) + 1) + ".0.0)";
    return changes.stream().map(change -> new SpecProblem(position(spec, change), against + change.message() + remedy)).toList();
  }

  private static Position position(ProductSpec spec, SchemaChange change) {
    if (change.kind() == SchemaChange.Kind.PRIMARY_KEY_CHANGED) {
      return spec.schema().primaryKeyPosition();
    }
    return spec.schema().column(change.column()).map(ColumnSpec::position).orElse(spec.schema().position());
  }
}
