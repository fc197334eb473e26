package dev.weft.spec;

import java.util.Optional;

/**
 * One column: of the published schema, or of a Kafka input's records.
 *
 * @param type a Flink SQL type, e.g. {@code BIGINT}, {@code DECIMAL(12,2)}, {@code TIMESTAMP_LTZ(3)}
 * @param mask how a PII column is masked before it is published (sha256, redact, encrypt)
 * @param keySecret the name of the secret ({@code key: "${secret:NAME}"}) whose value is the key
 *     of the {@code encrypt} mask; present exactly when the mask is encrypt
 */
public record ColumnSpec(
    String name,
    String type,
    boolean nullable,
    String description,
    boolean pii,
    Optional<String> mask,
    Optional<String> keySecret,
    Position position) {

  /** A column without a key: unmasked, or masked with sha256 or redact. */
  public ColumnSpec(String name, String type, boolean nullable, String description, boolean pii, Optional<String> mask, Position position) {
    this(name, type, nullable, description, pii, mask, Optional.empty(), position);
  }
}
