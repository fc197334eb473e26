package dev.weft.plan;

import java.time.Duration;
import java.util.Optional;

/**
 * How the product's table is kept in shape, from {@code outputs.table}.
 *
 * @param compactEvery how often small data files are compacted; empty: never
 * @param keepSnapshots how long snapshots are kept (time travel, incremental reads); empty: forever
 */
public record MaintenancePlan(Optional<Duration> compactEvery, Optional<Duration> keepSnapshots) {}
