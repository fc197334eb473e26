package dev.weft.spec;

import dev.weft.catalog.product.ProductRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A data product as its YAML spec declares it (apiVersion weft/v1, kind DataProduct). Immutable;
 * references such as {@code ${env:X}} are kept as written and resolved only at run time.
 *
 * @param file the file it was loaded from, as given to the loader
 * @param transform Flink SQL over the inputs; empty means the identity of the single input
 * @param stateTtl how long the transform keeps the state of a key that sees no change (a join
 *     partner, a group, the latest row of an upsert input); empty keeps it for ever
 */
public record ProductSpec(
    String file,
    Metadata metadata,
    List<InputSpec> inputs,
    SchemaSpec schema,
    Optional<SqlText> transform,
    Optional<Duration> stateTtl,
    QualitySpec quality,
    OutputsSpec outputs,
    Optional<SlaSpec> sla,
    AccessSpec access,
    ScheduleSpec schedule,
    Optional<CostSpec> cost) {

  public ProductSpec {
    inputs = List.copyOf(inputs);
  }

  public String qualifiedName() {
    return metadata.qualifiedName();
  }

  /** This major of the product, as other products' inputs name it. */
  public ProductRef ref() {
    return new ProductRef(metadata.domain(), metadata.name(), metadata.version().major());
  }
}
