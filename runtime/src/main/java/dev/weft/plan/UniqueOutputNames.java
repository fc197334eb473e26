package dev.weft.plan;

import dev.weft.spec.Position;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import dev.weft.spec.SpecProblem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Refuses two specs of one set that publish to the same topic or table: both jobs would write it,
 * each thinking it the only writer. A topic also clashes with another product's dead-letter topic.
 * The problem stands where the later spec names it ({@code outputs.topic.name} or
 * {@code outputs.table.name}, or {@code metadata.name} for a derived name) and names the owner.
 */
final class UniqueOutputNames {
  private record Claim(String product, String what, Position at) {}

  private final Map<String, Claim> topics = new LinkedHashMap<>();
  private final Map<String, Claim> tables = new LinkedHashMap<>();
  private final List<SpecProblem> problems = new ArrayList<>();

  private UniqueOutputNames() {}

  /** The clashes between the plans, each reported once, at the spec that comes later. */
  static List<SpecProblem> problems(List<ProductPlan> plans, Map<String, ProductSpec> specs) {
    UniqueOutputNames names = new UniqueOutputNames();
    for (ProductPlan plan : plans) {
      SpecPositions positions = positions(specs.get(plan.versionedName()));
      Position topic = positions.nearest("outputs.topic.name", "metadata.name");
      Position table = positions.nearest("outputs.table.name", "metadata.name");
      // a topic that clashes takes its dead letters along: one problem says it
      if (names.claim(names.topics, plan.names().topic(), new Claim(plan.versionedName(), "topic", topic), "outputs.topic.name")) {
        names.claim(names.topics, plan.names().deadLetterTopic(), new Claim(plan.versionedName(), "dead-letter topic", topic),
            "outputs.topic.name");
      }
      names.claim(names.tables, plan.names().qualifiedTable(), new Claim(plan.versionedName(), "table", table), "outputs.table.name");
    }
    return names.problems;
  }

  /** Whether {@code name} was free for the claim. */
  private boolean claim(Map<String, Claim> claimed, String name, Claim claim, String field) {
    Claim owner = claimed.putIfAbsent(name, claim);
    if (owner == null || owner.product().equals(claim.product())) {
      return true;
    }
    problems.add(new SpecProblem(claim.at(), "product " + claim.product() + " publishes its " + claim.what() + " to " + name
        + ", which is the " + owner.what() + " of product " + owner.product() + " (" + owner.at() + "); give one of them another "
        + field));
    return false;
  }

  private static SpecPositions positions(ProductSpec spec) {
    try {
      return SpecPositions.of(spec.file(), Files.readString(Path.of(spec.file())));
    } catch (IOException e) {
      // loaded a moment ago: the positions only place the message
      return SpecPositions.of(spec.file(), "");
    }
  }
}
