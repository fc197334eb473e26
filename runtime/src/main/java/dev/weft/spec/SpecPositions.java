package dev.weft.spec;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where each key of a spec file stands, by path ({@code metadata.description},
 * {@code outputs.topic.retention}, {@code schema.columns[2]}): for messages about fields the
 * model does not keep a position for, such as policy violations.
 */
public final class SpecPositions {
  private final String file;
  private final Map<String, Position> byPath;

  private SpecPositions(String file, Map<String, Position> byPath) {
    this.file = file;
    this.byPath = byPath;
  }

  /** The positions of a spec's text; empty (every lookup falls back to line 1) when it is not YAML. */
  public static SpecPositions of(String file, String text) {
    Map<String, Position> byPath = new HashMap<>();
    YamlDocument.parse(file, text, new ArrayList<>()).ifPresent(root -> collect(file, "", root, byPath));
    return new SpecPositions(file, byPath);
  }

  public Optional<Position> find(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  /** The first of the paths the file has, else its first line: where to point at something missing. */
  public Position nearest(String... paths) {
    for (String path : paths) {
      Position at = byPath.get(path);
      if (at != null) {
        return at;
      }
    }
    return new Position(file, 1, 1);
  }

  private static void collect(String file, String path, Node node, Map<String, Position> byPath) {
    if (node instanceof MappingNode mapping) {
      for (NodeTuple entry : mapping.getValue()) {
        if (entry.getKeyNode() instanceof ScalarNode key) {
          String child = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
          byPath.putIfAbsent(child, YamlMapping.position(file, entry.getKeyNode()));
          collect(file, child, entry.getValueNode(), byPath);
        }
      }
    } else if (node instanceof SequenceNode sequence) {
      List<Node> items = sequence.getValue();
      for (int i = 0; i < items.size(); i++) {
        String child = path + "[" + i + "]";
        byPath.putIfAbsent(child, YamlMapping.position(file, items.get(i)));
        collect(file, child, items.get(i), byPath);
      }
    }
  }
}
