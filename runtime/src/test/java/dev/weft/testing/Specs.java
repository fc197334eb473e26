package dev.weft.testing;

import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecLoader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Loads test specs from resources, with names replaced so that tests sharing a broker do not collide. */
public final class Specs {
  private Specs() {}

  public static ProductSpec load(String resource, Map<String, String> replacements) throws Exception {
    return SpecLoader.load(resource, text(resource, replacements));
  }

  /** The text of a test spec with the replacements made, e.g. to write it where the CLI reads it. */
  public static String text(String resource, Map<String, String> replacements) throws IOException {
    String text;
    try (InputStream in = Specs.class.getResourceAsStream("/specs/" + resource)) {
      if (in == null) {
        throw new IOException("no test spec " + resource);
      }
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    for (var entry : replacements.entrySet()) {
      text = text.replace(entry.getKey(), entry.getValue());
    }
    return text;
  }

  /** Compiles {@code spec}, resolving product inputs among {@code others}. */
  public static ProductPlan compile(ProductSpec spec, ProductSpec... others) throws Exception {
    List<ProductSpec> known = Arrays.asList(others);
    return new ProductCompiler(ref -> known.stream()
        .filter(s -> s.qualifiedName().equals(ref.qualifiedName()))
        .findFirst()).compile(spec);
  }
}
