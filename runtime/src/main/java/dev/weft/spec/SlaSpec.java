package dev.weft.spec;

import java.time.Duration;
import java.util.Optional;

/** What the product promises its consumers: how fresh, how available (percent). */
public record SlaSpec(Optional<Duration> freshness, Optional<Double> availabilityPercent) {}
