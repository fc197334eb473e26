package dev.weft.spec;

import java.io.StringReader;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * The one YAML document of a spec file, as nodes (each knows where it starts), or a positioned
 * problem: syntax errors, an empty file, a second document. Nothing SnakeYAML throws gets out.
 */
public final class YamlDocument {
  /** Bounds that keep a hostile or broken file from exhausting the loader. */
  static final int MAX_CODE_POINTS = 3 * 1024 * 1024;
  private static final int MAX_NESTING = 50;
  private static final int MAX_ALIASES_FOR_COLLECTIONS = 10;

  private YamlDocument() {}

  public static Optional<Node> parse(String file, String text, List<SpecProblem> problems) {
    if (text.length() > MAX_CODE_POINTS) {
      // refused before the parser reads megabytes it would refuse anyway
      problems.add(new SpecProblem(new Position(file, 1, 1), "the file is " + text.length() + " characters long, over the limit of "
          + MAX_CODE_POINTS + "; a spec or policy file is a few kilobytes"));
      return Optional.empty();
    }
    LoaderOptions options = new LoaderOptions();
    // composing does not check duplicate keys; YamlMapping reports them with both positions
    options.setAllowDuplicateKeys(false);
    options.setNestingDepthLimit(MAX_NESTING);
    options.setCodePointLimit(MAX_CODE_POINTS);
    options.setMaxAliasesForCollections(MAX_ALIASES_FOR_COLLECTIONS);
    try {
      Iterator<Node> documents = new Yaml(options).composeAll(new StringReader(text)).iterator();
      Node root = documents.hasNext() ? documents.next() : null;
      if (root == null || root instanceof ScalarNode scalar && scalar.getTag().equals(Tag.NULL)) {
        problems.add(new SpecProblem(new Position(file, 1, 1), "the spec is empty"));
        return Optional.empty();
      }
      if (documents.hasNext()) {
        // several products in one file (as Kubernetes manifests do) would hide all but the first
        problems.add(new SpecProblem(YamlMapping.position(file, documents.next()),
            "a spec file holds one product; this second YAML document must go in a file of its own"));
        return Optional.empty();
      }
      return Optional.of(root);
    } catch (MarkedYAMLException e) {
      Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
      Position at = mark == null ? new Position(file, 1, 1) : new Position(file, mark.getLine() + 1, mark.getColumn() + 1);
      problems.add(new SpecProblem(at, "not valid YAML: " + e.getProblem() + context(e, at)));
    } catch (YAMLException e) {
      // the limits above: SnakeYAML gives no position for them
      problems.add(new SpecProblem(new Position(file, 1, 1), "not valid YAML: " + e.getMessage()));
    }
    return Optional.empty();
  }

  /** Where the construct the parser was in began, as the cause is often there (a bracket never closed). */
  private static String context(MarkedYAMLException e, Position problemAt) {
    if (e.getContext() == null) {
      return "";
    }
    Mark start = e.getContextMark();
    if (start == null || start.getLine() + 1 == problemAt.line() && start.getColumn() + 1 == problemAt.column()) {
      return " (" + e.getContext() + ")";
    }
    return " (" + e.getContext() + " that starts at line " + (start.getLine() + 1) + ", column " + (start.getColumn() + 1) + ")";
  }
}
