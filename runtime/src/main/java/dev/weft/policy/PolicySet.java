package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.InvalidSpecException;
import dev.weft.spec.Position;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import dev.weft.spec.SpecProblem;
import dev.weft.spec.YamlDocument;
import dev.weft.spec.YamlMapping;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.yaml.snakeyaml.nodes.Node;

/**
 * The organisation's policies, from a policy file ({@code kind: PolicySet}), evaluated on every
 * spec by {@code weft validate}, {@code plan}, {@code run} and {@code dev}. A file with a problem
 * is refused like a spec: {@code file:line:column: message}.
 */
public final class PolicySet {
  public static final String KIND = "PolicySet";
  public static final List<String> KINDS = List.of("naming", "required-metadata", "pii", "retention", "allowed-sources", "rule-presence");
  private static final List<String> TOP = List.of("apiVersion", "kind", "policies");
  private static final List<String> COMMON = List.of("name", "kind", "severity", "description");
  private static final List<String> BOUNDS = List.of("min", "max");

  private final List<Policy> policies;

  public PolicySet(List<Policy> policies) {
    this.policies = List.copyOf(policies);
  }

  public static PolicySet none() {
    return new PolicySet(List.of());
  }

  public List<Policy> policies() {
    return policies;
  }

  /** The violations of one spec, in file order. */
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names) {
    String text;
    try {
      text = Files.readString(Path.of(spec.file()), StandardCharsets.UTF_8);
    } catch (IOException e) {
      text = "";
    }
    return check(spec, names, text);
  }

  /** @param text the spec's YAML, which violations point into */
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, String text) {
    SpecPositions positions = SpecPositions.of(spec.file(), text);
    List<PolicyViolation> violations = new ArrayList<>();
    for (Policy policy : policies) {
      violations.addAll(policy.check(spec, names, positions));
    }
    violations.sort(java.util.Comparator.comparingInt((PolicyViolation v) -> v.position().line()).thenComparingInt(v -> v.position().column()));
    return violations;
  }

  /** @throws InvalidSpecException with every problem of the policy file */
  public static PolicySet load(Path file) throws InvalidSpecException {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidSpecException(List.of(new SpecProblem(Position.unknown(file.toString()), "cannot read the policy file: " + e.getMessage())));
    }
    return load(file.toString(), text);
  }

  public static PolicySet load(String file, String text) throws InvalidSpecException {
    List<SpecProblem> problems = new ArrayList<>();
    List<Policy> policies = new ArrayList<>();
    YamlDocument.parse(file, text, problems).flatMap(root -> YamlMapping.of(file, "", root, problems)).ifPresent(top -> {
      top.rejectUnknown(TOP);
      top.required("apiVersion").ifPresent(n -> top.oneOf("apiVersion", List.of("weft/v1")));
      top.required("kind").ifPresent(n -> top.oneOf("kind", List.of(KIND)));
      top.required("policies");
      Set<String> names = new HashSet<>();
      List<Node> items = top.list("policies");
      for (int i = 0; i < items.size(); i++) {
        YamlMapping.of(file, "policies[" + i + "]", items.get(i), problems).ifPresent(m -> policy(m, problems).ifPresent(p -> {
          if (!names.add(p.name())) {
            problems.add(new SpecProblem(m.position(), "policy '" + p.name() + "' is defined twice"));
          }
          policies.add(p);
        }));
      }
    });
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
    return new PolicySet(policies);
  }

  private static Optional<Policy> policy(YamlMapping m, List<SpecProblem> problems) {
    Optional<String> name = m.requiredString("name");
    Optional<String> kind = m.required("kind").isPresent() ? m.oneOf("kind", KINDS) : Optional.empty();
    Severity severity = m.oneOf("severity", List.of("error", "warn")).map(s -> Severity.valueOf(s.toUpperCase(java.util.Locale.ROOT)))
        .orElse(Severity.ERROR);
    if (name.isEmpty() || kind.isEmpty()) {
      return Optional.empty();
    }
    String n = name.get();
    return switch (kind.get()) {
      case "naming" -> {
        m.rejectUnknown(with("products", "topics", "tables", "columns"));
        yield Optional.of(new NamingPolicy(n, severity, pattern(m, "products"), pattern(m, "topics"), pattern(m, "tables"), pattern(m, "columns")));
      }
      case "required-metadata" -> {
        m.rejectUnknown(with("require"));
        m.required("require");
        List<String> require = m.strings("require");
        require.stream().filter(f -> !RequiredMetadataPolicy.FIELDS.contains(f)).findFirst().ifPresent(f -> m.invalid("require",
            "may list " + String.join(", ", RequiredMetadataPolicy.FIELDS), f));
        yield Optional.of(new RequiredMetadataPolicy(n, severity, Set.copyOf(require)));
      }
      case "pii" -> {
        m.rejectUnknown(with("personalColumns"));
        yield Optional.of(new PiiPolicy(n, severity, pattern(m, "personalColumns")));
      }
      case "retention" -> {
        m.rejectUnknown(with("topicRetention", "keepSnapshots"));
        Optional<YamlMapping> topic = m.mapping("topicRetention");
        Optional<YamlMapping> snapshots = m.mapping("keepSnapshots");
        topic.ifPresent(t -> t.rejectUnknown(BOUNDS));
        snapshots.ifPresent(t -> t.rejectUnknown(BOUNDS));
        yield Optional.of(new RetentionPolicy(n, severity,
            topic.flatMap(t -> t.duration("min")), topic.flatMap(t -> t.duration("max")),
            snapshots.flatMap(t -> t.duration("min")), snapshots.flatMap(t -> t.duration("max"))));
      }
      case "allowed-sources" -> {
        m.rejectUnknown(with("denyCdcUrls", "denyCdcTables", "denyTopics"));
        yield Optional.of(new AllowedSourcesPolicy(n, severity, patterns(m, "denyCdcUrls"), patterns(m, "denyCdcTables"), patterns(m, "denyTopics")));
      }
      default -> {
        m.rejectUnknown(with());
        yield Optional.of(new RulePresencePolicy(n, severity));
      }
    };
  }

  private static List<String> with(String... specific) {
    List<String> keys = new ArrayList<>(COMMON);
    keys.addAll(List.of(specific));
    return keys;
  }

  private static Optional<Pattern> pattern(YamlMapping m, String key) {
    return m.string(key).flatMap(regex -> compile(m, key, regex));
  }

  private static List<Pattern> patterns(YamlMapping m, String key) {
    return m.strings(key).stream().flatMap(regex -> compile(m, key, regex).stream()).toList();
  }

  private static Optional<Pattern> compile(YamlMapping m, String key, String regex) {
    try {
      return Optional.of(Pattern.compile(regex));
    } catch (PatternSyntaxException e) {
      m.invalid(key, "must be a regular expression (" + e.getDescription() + " at index " + e.getIndex() + ")", regex);
      return Optional.empty();
    }
  }

}
