package dev.weft.spec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads one YAML mapping of a spec by key, reporting wrong types, missing and unknown keys as
 * positioned problems in the user's terms ({@code 'outputs.topic.partitions' must be an integer}).
 * Never throws: a value that cannot be read is reported and read as absent.
 */
public final class YamlMapping {
  // ASCII only and nothing Java adds (Integer.parseInt takes other scripts' digits, parseDouble takes "1d")
  private static final Pattern INTEGER = Pattern.compile("[-+]?[0-9]+");
  private static final Pattern NUMBER = Pattern.compile("[-+]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)([eE][-+]?[0-9]+)?");
  /** Longest value quoted back in a message; more would bury the message. */
  private static final int SHOWN = 60;

  private final String file;
  private final String path;
  private final Node node;
  private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
  /** Known keys an unknown one was reported as a likely misspelling of; their absence is not reported again. */
  private final Set<String> suggested = new HashSet<>();
  private final List<SpecProblem> problems;

  private YamlMapping(String file, String path, Node node, List<SpecProblem> problems) {
    this.file = file;
    this.path = path;
    this.node = node;
    this.problems = problems;
    if (node instanceof MappingNode mapping) {
      for (NodeTuple tuple : mapping.getValue()) {
        if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
          problem(tuple.getKeyNode(), "keys in " + (path.isEmpty() ? "the spec" : quoted(path)) + " must be plain names");
          continue;
        }
        NodeTuple first = entries.putIfAbsent(key.getValue(), tuple);
        if (first != null) {
          problem(key, "duplicate key '" + key.getValue() + "' in " + (path.isEmpty() ? "the spec" : path)
              + " (first given on line " + position(file, first.getKeyNode()).line() + ")");
        }
      }
    }
  }

  /** The mapping at {@code node}, or empty (with a problem) if it is something else. */
  public static Optional<YamlMapping> of(String file, String path, Node node, List<SpecProblem> problems) {
    if (!(node instanceof MappingNode)) {
      problems.add(new SpecProblem(position(file, node), (path.isEmpty() ? "a spec" : quoted(path)) + " must be a mapping" + got(node)));
      return Optional.empty();
    }
    return Optional.of(new YamlMapping(file, path, node, problems));
  }

  public Position position() {
    return position(file, node);
  }

  public String file() {
    return file;
  }

  public String path(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  public boolean has(String key) {
    return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
  }

  public Optional<Node> node(String key) {
    return has(key) ? Optional.of(entries.get(key).getValueNode()) : Optional.empty();
  }

  public Optional<Node> required(String key) {
    if (!has(key) && !suggested.contains(key)) {
      problems.add(new SpecProblem(position(), "missing required field " + quoted(path(key))));
    }
    return node(key);
  }

  public void problem(Node at, String message) {
    problems.add(new SpecProblem(position(file, at), message));
  }

  /** Reports the value of {@code key} as breaking {@code requirement}: {@code 'path' must be …, got "value"}. */
  public void invalid(String key, String requirement, String value) {
    problem(node(key).orElseThrow(), quoted(path(key)) + " " + requirement + got(value));
  }

  /** Reports every key not in {@code known}, suggesting the closest known one. */
  public void rejectUnknown(List<String> known) {
    for (var entry : entries.entrySet()) {
      if (!known.contains(entry.getKey())) {
        Optional<String> suggestion = suggestion(entry.getKey(), known);
        suggestion.ifPresent(suggested::add);
        problems.add(new SpecProblem(position(file, entry.getValue().getKeyNode()),
            "unknown key '" + entry.getKey() + "' in " + (path.isEmpty() ? "the spec" : path)
                + "; expected one of: " + String.join(", ", known)
                + suggestion.map(k -> " (did you mean '" + k + "'?)").orElse("")));
      }
    }
  }

  /** The nearest known key within two edits, unless the key is so short that anything would be near it. */
  private static Optional<String> suggestion(String key, List<String> known) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = editDistance(candidate, key);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    return bestDistance <= 2 && bestDistance < key.length() ? Optional.of(best) : Optional.empty();
  }

  public Optional<String> string(String key) {
    return node(key).flatMap(n -> scalar(path(key), n, "a string"));
  }

  public Optional<String> requiredString(String key) {
    return required(key).flatMap(n -> scalar(path(key), n, "a string"));
  }

  public Optional<Integer> integer(String key) {
    return node(key).flatMap(n -> scalar(path(key), n, "an integer").flatMap(text -> {
      try {
        if (INTEGER.matcher(text.trim()).matches()) {
          return Optional.of(Integer.parseInt(text.trim()));
        }
      } catch (NumberFormatException tooLarge) {
        // reported below like any other non-integer
      }
      invalid(key, "must be an integer", text);
      return Optional.empty();
    }));
  }

  public Optional<Double> number(String key) {
    return node(key).flatMap(n -> scalar(path(key), n, "a number").flatMap(text -> {
      if (NUMBER.matcher(text.trim()).matches()) {
        return Optional.of(Double.parseDouble(text.trim()));
      }
      invalid(key, "must be a number", text);
      return Optional.empty();
    }));
  }

  public boolean bool(String key, boolean otherwise) {
    return node(key).flatMap(n -> scalar(path(key), n, "true or false").flatMap(text -> {
      if (text.equals("true") || text.equals("false")) {
        return Optional.of(Boolean.parseBoolean(text));
      }
      invalid(key, "must be true or false", text);
      return Optional.empty();
    })).orElse(otherwise);
  }

  /** One of {@code allowed}, as written. */
  public Optional<String> oneOf(String key, List<String> allowed) {
    return string(key).filter(value -> {
      if (allowed.contains(value)) {
        return true;
      }
      invalid(key, "must be one of " + String.join(", ", allowed), value);
      return false;
    });
  }

  public Optional<java.time.Duration> duration(String key) {
    return string(key).flatMap(text -> {
      Optional<java.time.Duration> parsed = Durations.parse(text);
      if (parsed.isEmpty()) {
        invalid(key, "must be a duration like 5s, 10m, 1h or 7d", text);
      }
      return parsed;
    });
  }

  public Optional<YamlMapping> mapping(String key) {
    return node(key).flatMap(n -> of(file, path(key), n, problems));
  }

  public Optional<YamlMapping> requiredMapping(String key) {
    return required(key).flatMap(n -> of(file, path(key), n, problems));
  }

  /** The items of a list (empty, with a problem, if the value is not a list). */
  public List<Node> list(String key) {
    Optional<Node> value = node(key);
    if (value.isEmpty()) {
      return List.of();
    }
    if (!(value.get() instanceof SequenceNode sequence)) {
      problem(value.get(), quoted(path(key)) + " must be a list" + got(value.get()));
      return List.of();
    }
    return sequence.getValue();
  }

  /** A list of strings, such as tags or primary key columns. */
  public List<String> strings(String key) {
    List<String> values = new ArrayList<>();
    List<Node> items = list(key);
    for (int i = 0; i < items.size(); i++) {
      scalar(path(key) + "[" + i + "]", items.get(i), "a string").ifPresent(values::add);
    }
    return values;
  }

  public Optional<String> scalar(String at, Node value, String what) {
    if (value instanceof ScalarNode scalar) {
      return Optional.of(scalar.getValue());
    }
    problems.add(new SpecProblem(position(file, value), quoted(at) + " must be " + what + got(value)));
    return Optional.empty();
  }

  public static Position position(String file, Node node) {
    return new Position(file, node.getStartMark().getLine() + 1, node.getStartMark().getColumn() + 1);
  }

  public static String quoted(String path) {
    return "'" + path + "'";
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL);
  }

  public static String got(Node node) {
    if (node instanceof MappingNode) return ", got a mapping";
    if (node instanceof SequenceNode) return ", got a list";
    if (node instanceof ScalarNode scalar) return got(scalar.getValue());
    return "";
  }

  /** {@code , got "value"}, on one line and cut short, as messages quote what the user wrote. */
  public static String got(String value) {
    String oneLine = oneLine(value);
    return ", got \"" + (oneLine.length() > SHOWN ? oneLine.substring(0, SHOWN) + "..." : oneLine) + "\"";
  }

  /** {@code text} with line breaks and tabs written as escapes, as every problem is one line of output. */
  public static String oneLine(String text) {
    return text.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  public static int editDistance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) previous[j] = j;
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }

  public Set<String> keys() {
    return entries.keySet();
  }
}
