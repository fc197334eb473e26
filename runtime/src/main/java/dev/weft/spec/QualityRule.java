package dev.weft.spec;

/** A named SQL boolean expression over the published columns; a record passes only where it is TRUE. */
public record QualityRule(String name, SqlText check, Position position) {}
