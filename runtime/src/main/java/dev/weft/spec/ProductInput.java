package dev.weft.spec;

import dev.weft.catalog.product.ProductRef;

/** The output of another product, addressed as {@code <domain>.<name>@<major>}. */
public record ProductInput(String name, ProductRef product, Position position) implements InputSpec {}
