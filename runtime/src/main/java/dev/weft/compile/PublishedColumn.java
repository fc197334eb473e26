package dev.weft.compile;

import org.apache.flink.table.types.logical.LogicalType;

/** A column of the product's topic and table, with its resolved Flink type. */
public record PublishedColumn(String name, LogicalType type, String description) {}
