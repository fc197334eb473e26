package dev.weft.schedule;

import java.time.Duration;

/** How often, and how long after, a failed scheduled run is tried again. */
public record RetryPolicy(int retries, Duration delay) {}
