package dev.weft.policy;

import dev.weft.compile.ProductNames;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.util.List;

/** Every column marked {@code pii: true} says how it is masked before it is published. */
public record PiiPolicy(String name, Severity severity) implements Policy {

  @Override
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions) {
    return spec.schema().columns().stream()
        .filter(ColumnSpec::pii)
        .filter(column -> column.mask().isEmpty())
        .map(column -> violation(column.position(),
            "column '" + column.name() + "' is pii but declares no mask; add mask: sha256, redact or encrypt"))
        .toList();
  }
}
