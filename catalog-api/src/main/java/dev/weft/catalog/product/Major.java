package dev.weft.catalog.product;

import java.time.Instant;

/**
 * One major version of a product as the catalog lists it: its latest version, and when and why it
 * was retired (null while it is not).
 */
public record Major(long major, String latestVersion, Instant retiredAt, String retiredBecause) {}
