package dev.weft.spec;

/** The output of another product, addressed as {@code <domain>.<name>@<major>}. */
public record ProductInput(String name, ProductRef product, Position position) implements InputSpec {}
