package dev.weft.plan;

import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.ProductInput;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecLoader;
import dev.weft.spec.SpecProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Specs given together (files and folders of {@code *.yaml}), loaded and compiled as one set:
 * products may read each other, and plans come out upstream first.
 */
public final class ProductSet {
  private final List<ProductPlan> plans;
  private final Map<String, ProductSpec> specs;

  private ProductSet(List<ProductPlan> plans, Map<String, ProductSpec> specs) {
    this.plans = List.copyOf(plans);
    this.specs = Map.copyOf(specs);
  }

  /** Loads and compiles every spec; all problems of all specs are reported together. */
  public static ProductSet compile(List<Path> paths) throws InvalidSpecException {
    List<SpecProblem> problems = new ArrayList<>();
    List<ProductSpec> specs = new ArrayList<>();
    for (Path file : specFiles(paths, problems)) {
      try {
        specs.add(SpecLoader.load(file));
      } catch (InvalidSpecException e) {
        problems.addAll(e.problems());
      }
    }
    // two majors of one product run side by side (each its own topic and table); one major is one spec
    Map<String, ProductSpec> byName = new LinkedHashMap<>();
    for (ProductSpec spec : specs) {
      ProductSpec other = byName.putIfAbsent(spec.ref().toString(), spec);
      if (other != null) {
        problems.add(new SpecProblem(new dev.weft.spec.Position(spec.file(), 1, 1),
            "product " + spec.ref() + " is also defined in " + other.file()));
      }
    }
    ProductCompiler compiler = new ProductCompiler(ref -> Optional.ofNullable(byName.get(ref.toString())));
    List<ProductPlan> plans = new ArrayList<>();
    for (ProductSpec spec : upstreamFirst(byName)) {
      try {
        plans.add(compiler.compile(spec));
      } catch (InvalidSpecException e) {
        problems.addAll(e.problems());
      }
    }
    problems.addAll(UniqueOutputNames.problems(plans, byName));
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return new ProductSet(plans, byName);
  }

  /** The spec a plan was compiled from. */
  public ProductSpec spec(ProductPlan plan) {
    return specs.get(plan.versionedName());
  }

  /** Plans with every product after the products it reads. */
  public List<ProductPlan> plans() {
    return plans;
  }

  private static List<Path> specFiles(List<Path> paths, List<SpecProblem> problems) {
    List<Path> files = new ArrayList<>();
    for (Path path : paths) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
              .sorted()
              .forEach(files::add);
        } catch (IOException e) {
          problems.add(new SpecProblem(dev.weft.spec.Position.unknown(path.toString()), "cannot read folder: " + e.getMessage()));
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      } else {
        problems.add(new SpecProblem(dev.weft.spec.Position.unknown(path.toString()), "no such file or folder"));
      }
    }
    // a spec given both by itself and in a folder is one spec
    List<Path> distinct = new ArrayList<>();
    java.util.Set<Path> seen = new java.util.HashSet<>();
    for (Path file : files) {
      if (seen.add(file.toAbsolutePath().normalize())) {
        distinct.add(file);
      }
    }
    return distinct;
  }

  private static List<ProductSpec> upstreamFirst(Map<String, ProductSpec> byName) {
    List<ProductSpec> ordered = new ArrayList<>();
    for (ProductSpec spec : byName.values()) {
      visit(spec, byName, ordered, new ArrayList<>());
    }
    return ordered;
  }

  private static void visit(ProductSpec spec, Map<String, ProductSpec> byName, List<ProductSpec> ordered, List<String> path) {
    if (ordered.contains(spec) || path.contains(spec.ref().toString())) {
      return;
    }
    path.add(spec.ref().toString());
    for (var input : spec.inputs()) {
      if (input instanceof ProductInput product && byName.containsKey(product.product().toString())) {
        visit(byName.get(product.product().toString()), byName, ordered, path);
      }
    }
    ordered.add(spec);
  }
}
