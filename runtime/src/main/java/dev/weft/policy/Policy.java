package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.util.List;

/** One rule the platform team sets for every product. */
public interface Policy {

  String name();

  Severity severity();

  /** @param positions where the spec's keys stand, to point at what breaks the policy */
  List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions);

  default PolicyViolation violation(dev.weft.spec.Position at, String message) {
    return new PolicyViolation(name(), severity(), at, message);
  }
}
