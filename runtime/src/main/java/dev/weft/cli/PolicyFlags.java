package dev.weft.cli;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.policy.PolicySet;
import dev.weft.policy.PolicyViolation;
import dev.weft.policy.Severity;
import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.Position;
import dev.weft.spec.SpecProblem;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * {@code --policies FILE}: the organisation's policies every command checks specs against: that
 * file, else {@code policies.yaml} here, else the policies of the catalog the command talks to.
 */
final class PolicyFlags {
  /** Where the policy file is looked for when no flag names one: the platform team's file at the repository root. */
  static final Path DEFAULT = Path.of("policies.yaml");

  @Option(names = "--policies", paramLabel = "FILE",
      description = "Policy file (kind: PolicySet) to check the specs against. Default: policies.yaml here, if there is one.")
  Path file;

  /**
   * Prints every violation (errors and warnings) and returns how many are errors.
   *
   * @throws InvalidSpecException when the policy file itself has problems
   */
  int check(ProductSet set, PrintWriter err) throws InvalidSpecException {
    return check(set, err, Optional.empty());
  }

  /** @param catalog the catalog service whose policies apply when neither the flag nor policies.yaml gives any */
  int check(ProductSet set, PrintWriter err, Optional<URI> catalog) throws InvalidSpecException {
    PolicySet policies = file != null ? PolicySet.load(file) : Files.isRegularFile(DEFAULT) ? PolicySet.load(DEFAULT) : fromCatalog(catalog);
    List<PolicyViolation> violations = new ArrayList<>();
    for (ProductPlan plan : set.plans()) {
      violations.addAll(policies.check(set.spec(plan), plan.names()));
    }
    violations.forEach(err::println);
    long errors = violations.stream().filter(v -> v.severity() == Severity.ERROR).count();
    if (errors > 0) {
      err.println(errors + " policy violation(s)");
    }
    err.flush();
    return (int) errors;
  }

  private static PolicySet fromCatalog(Optional<URI> catalog) throws InvalidSpecException {
    if (catalog.isEmpty()) {
      return PolicySet.none();
    }
    // reads need no token
    Optional<String> text;
    try {
      text = new CatalogClient(catalog.get(), "").policies();
    } catch (CatalogException e) {
      throw new InvalidSpecException(List.of(new SpecProblem(Position.unknown(catalog.get().resolve("/api/v1/policies").toString()),
          "cannot read the catalog's policies: " + e.getMessage())));
    }
    return text.isEmpty() ? PolicySet.none() : PolicySet.load(catalog.get().resolve("/api/v1/policies").toString(), text.get());
  }
}
