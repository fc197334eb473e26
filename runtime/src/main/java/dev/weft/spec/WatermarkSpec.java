package dev.weft.spec;

import java.time.Duration;

/** Event time of an input: its column and how late records may arrive. */
public record WatermarkSpec(String column, Duration delay, Position position) {}
