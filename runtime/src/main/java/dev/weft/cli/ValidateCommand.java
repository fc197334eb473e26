package dev.weft.cli;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.catalogreport.CatalogCompatibility;
import dev.weft.catalogreport.ProductRegistrations;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecProblem;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft validate SPEC…}: loads, checks and compiles specs without running anything. */
@Command(name = "validate", description = "Check specs: YAML, fields, SQL, schema, policies; prints file:line:column: message per problem.")
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders of *.yaml specs.")
  List<Path> specs;

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Option(names = "--catalog-url", paramLabel = "URL",
      description = "Also check each schema against the version before it in the catalog (its compatibility mode).")
  URI catalogUrl;

  @Override
  public Integer call() {
    var out = command.commandLine().getOut();
    var err = command.commandLine().getErr();
    try {
      ProductSet set = ProductSet.compile(specs);
      if (policies.check(set, err, Optional.ofNullable(catalogUrl)) > 0 | compatibilityProblems(set, err) > 0) {
        return 1;
      }
      set.plans().forEach(p -> out.println("ok   " + p.product() + " " + p.version() + "  (" + p.specFile() + ")"));
      return 0;
    } catch (InvalidSpecException e) {
      e.problems().forEach(err::println);
      err.println(e.problems().size() + " problem(s) found");
      return 1;
    } catch (CatalogException e) {
      err.println("cannot check schema compatibility: " + e.getMessage());
      return 1;
    }
  }

  /** Prints each breaking change against the catalog's previous version and returns how many. */
  private int compatibilityProblems(ProductSet set, PrintWriter err) {
    if (catalogUrl == null) {
      return 0;
    }
    // reads need no token
    CatalogClient client = new CatalogClient(catalogUrl, "");
    int problems = 0;
    for (ProductPlan plan : set.plans()) {
      ProductSpec spec = set.spec(plan);
      for (SpecProblem problem : CatalogCompatibility.problems(spec, ProductRegistrations.of(spec, plan), client)) {
        err.println(problem);
        problems++;
      }
    }
    if (problems > 0) {
      err.println(problems + " breaking schema change(s)");
    }
    err.flush();
    return problems;
  }
}
