package dev.weft.spec;

import java.util.Optional;

/**
 * One column: of the published schema, or of a Kafka input's records.
 *
 * @param type a Flink SQL type, e.g. {@code BIGINT}, {@code DECIMAL(12,2)}, {@code TIMESTAMP_LTZ(3)}
 * @param mask how a PII column is masked before it is published (sha256, redact, encrypt)
 */
public record ColumnSpec(
    String name,
    String type,
    boolean nullable,
    String description,
    boolean pii,
    Optional<String> mask,
    Position position) {}
