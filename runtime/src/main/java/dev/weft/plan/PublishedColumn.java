package dev.weft.plan;

import java.util.List;
import java.util.Optional;
import org.apache.flink.table.types.logical.LogicalType;

/**
 * A column of the product's topic and table, with its resolved Flink type.
 *
 * @param pii whether the column holds personal data
 * @param mask how its values are masked before they are published (sha256, redact, encrypt), if they are
 * @param keySecret the secret holding the key of an encrypt mask (its name, never its value)
 * @param sources the input columns it is computed from (empty for a literal, or where the planner
 *     cannot tell)
 */
public record PublishedColumn(
    String name, LogicalType type, String description, boolean pii, Optional<String> mask, Optional<String> keySecret,
    List<SourceColumn> sources) {

  public PublishedColumn {
    sources = List.copyOf(sources);
  }

  /** A column without a key: unmasked, or masked with sha256 or redact. */
  public PublishedColumn(String name, LogicalType type, String description, boolean pii, Optional<String> mask, List<SourceColumn> sources) {
    this(name, type, description, pii, mask, Optional.empty(), sources);
  }
}
