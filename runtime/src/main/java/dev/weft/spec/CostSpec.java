package dev.weft.spec;

/** The cost centre a product's resources are charged to. */
public record CostSpec(String center) {}
