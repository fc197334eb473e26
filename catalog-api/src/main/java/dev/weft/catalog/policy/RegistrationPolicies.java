package dev.weft.catalog.policy;

import dev.weft.catalog.product.ProductRegistration;
import java.util.List;
import java.util.Optional;

/**
 * The organisation's policies, which the catalog checks every registration against. The catalog
 * does not read specs itself: whoever starts it (the runtime's {@code weft catalog --policies})
 * supplies the check, and the catalog serves the policy file so clients check the same rules first.
 */
public interface RegistrationPolicies {
  /** A catalog that holds no policies: every registration passes. */
  RegistrationPolicies NONE = new RegistrationPolicies() {
    @Override
    public Optional<String> text() {
      return Optional.empty();
    }

    @Override
    public List<String> violations(ProductRegistration registration) {
      return List.of();
    }
  };

  /** The policy file as written, served at {@code GET /api/v1/policies}; empty when there is none. */
  Optional<String> text();

  /**
   * One line per violation that refuses the registration (the policy's name, where in the spec,
   * what to change); warnings do not refuse.
   */
  List<String> violations(ProductRegistration registration);
}
