package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Every product says what it is, who pays for it and what it promises. */
public record RequiredMetadataPolicy(String name, Severity severity, Set<String> require) implements Policy {
  /** What {@code require} may list. */
  public static final List<String> FIELDS = List.of("description", "tags", "sla", "cost-center", "column-descriptions");

  @Override
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions) {
    List<PolicyViolation> violations = new ArrayList<>();
    if (require.contains("description") && spec.metadata().description().isBlank()) {
      violations.add(violation(positions.nearest("metadata"), "metadata.description is missing; say what the product holds"));
    }
    if (require.contains("tags") && spec.metadata().tags().isEmpty()) {
      violations.add(violation(positions.nearest("metadata"), "metadata.tags is missing; add at least one tag"));
    }
    if (require.contains("sla") && spec.sla().isEmpty()) {
      violations.add(violation(positions.nearest("apiVersion"), "sla is missing; add sla: { freshness: …, availability: … }"));
    }
    if (require.contains("cost-center") && spec.cost().isEmpty()) {
      violations.add(violation(positions.nearest("apiVersion"), "cost.center is missing; add cost: { center: <cost centre> }"));
    }
    if (require.contains("column-descriptions")) {
      for (ColumnSpec column : spec.schema().columns()) {
        if (column.description().isBlank()) {
          violations.add(violation(column.position(), "column '" + column.name() + "' has no description; add description: …"));
        }
      }
    }
    return violations;
  }
}
