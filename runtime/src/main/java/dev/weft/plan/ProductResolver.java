package dev.weft.plan;

import dev.weft.catalog.product.ProductRef;
import dev.weft.spec.ProductSpec;
import java.util.Optional;

/** Finds the spec of a product another product reads: among the specs loaded together, later the catalog. */
@FunctionalInterface
public interface ProductResolver {
  Optional<ProductSpec> find(ProductRef ref);
}
