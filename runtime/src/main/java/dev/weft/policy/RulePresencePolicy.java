package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.util.List;

/** A product that promises an SLA checks its records: it has quality rules. */
public record RulePresencePolicy(String name, Severity severity) implements Policy {

  @Override
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions) {
    if (spec.sla().isEmpty() || !spec.quality().rules().isEmpty()) {
      return List.of();
    }
    return List.of(violation(positions.nearest("sla"), "the product promises an sla but has no quality rules; add quality.rules"));
  }
}
