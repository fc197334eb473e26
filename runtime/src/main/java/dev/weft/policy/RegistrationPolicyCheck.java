package dev.weft.policy;

import dev.weft.catalog.policy.RegistrationPolicies;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.plan.ProductNames;
import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecLoader;
import java.util.List;
import java.util.Optional;

/**
 * The policies a catalog service checks every registration against, on the spec the registration
 * carries: the same {@link PolicySet} that {@code weft validate} applies, so a registration sent by
 * anything else than Weft (or by a Weft given other policies) meets the same rules. Positions name
 * the registration's spec as {@code domain/name-version.yaml}.
 */
public final class RegistrationPolicyCheck implements RegistrationPolicies {
  private final PolicySet policies;
  private final String text;

  /** @param text the policy file as written, which the catalog serves */
  public RegistrationPolicyCheck(PolicySet policies, String text) {
    this.policies = policies;
    this.text = text;
  }

  @Override
  public Optional<String> text() {
    return Optional.of(text);
  }

  @Override
  public List<String> violations(ProductRegistration registration) {
    String file = registration.domain() + "/" + registration.name() + "-" + registration.version() + ".yaml";
    ProductSpec spec;
    try {
      spec = SpecLoader.load(file, registration.specYaml());
    } catch (InvalidSpecException e) {
      return e.problems().stream().map(problem -> "specYaml: " + problem).toList();
    }
    return policies.check(spec, ProductNames.of(spec), registration.specYaml()).stream()
        .filter(v -> v.severity() == Severity.ERROR).map(PolicyViolation::toString).toList();
  }
}
