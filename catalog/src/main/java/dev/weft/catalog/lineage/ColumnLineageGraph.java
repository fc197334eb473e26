package dev.weft.catalog.lineage;

import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.ColumnLineage;
import dev.weft.catalog.product.ProductRegistration.ColumnSource;
import dev.weft.catalog.product.ProductRegistration.Input;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Where each published column of a product comes from, across products: its input columns, and
 * for an input that is another product, that product's input columns in turn, up to the topics and
 * tables the mesh reads. {@code depth} is 0 for the product's own columns, 1 for its inputs' and so on.
 */
public record ColumnLineageGraph(ProductRef product, List<Node> nodes, List<Edge> edges) {
  /** How far upstream the graph follows products; a mesh deeper than this is cut, not looped. */
  static final int MAX_DEPTH = 8;

  /** kind: product, topic or table; {@code owner} the product, topic or table the column belongs to. */
  public record Node(String id, String kind, String owner, String column, int depth) {
    public String label() {
      return kind + " " + owner + "." + column;
    }
  }

  public record Edge(String from, String to) {}

  /**
   * @param upstream the current registration of another product, if the catalog holds it
   */
  public static ColumnLineageGraph of(ProductRegistration product, Function<ProductRef, Optional<ProductRegistration>> upstream) {
    ProductRef self = new ProductRef(product.domain(), product.name());
    Map<String, Node> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    for (ProductRegistration.Column column : product.schema().columns()) {
      Node node = productColumn(self.toString(), column.name(), 0);
      nodes.put(node.id(), node);
      follow(product, node, upstream, nodes, edges);
    }
    return new ColumnLineageGraph(self, List.copyOf(nodes.values()), List.copyOf(edges));
  }

  /** The columns {@code column} is computed from directly. */
  public List<Node> sourcesOf(Node column) {
    return edges.stream().filter(e -> e.to().equals(column.id()))
        .map(e -> nodes.stream().filter(n -> n.id().equals(e.from())).findFirst().orElseThrow()).toList();
  }

  /** The topics' and tables' columns that {@code column} comes from in the end. */
  public List<Node> originsOf(Node column) {
    List<Node> origins = new ArrayList<>();
    for (Node source : sourcesOf(column)) {
      if (source.kind().equals("product")) {
        originsOf(source).stream().filter(o -> !origins.contains(o)).forEach(origins::add);
      } else if (!origins.contains(source)) {
        origins.add(source);
      }
    }
    return origins;
  }

  private static void follow(ProductRegistration product, Node column, Function<ProductRef, Optional<ProductRegistration>> upstream,
      Map<String, Node> nodes, List<Edge> edges) {
    if (column.depth() >= MAX_DEPTH) {
      return;
    }
    for (ColumnLineage lineage : product.columnLineage()) {
      if (!lineage.column().equals(column.column())) {
        continue;
      }
      for (ColumnSource source : lineage.from()) {
        Optional<Input> input = product.inputs().stream().filter(i -> i.name().equals(source.input())).findFirst();
        if (input.isEmpty()) {
          continue;
        }
        Node from = inputColumn(input.get(), source.column(), column.depth() + 1);
        Edge edge = new Edge(from.id(), column.id());
        if (!edges.contains(edge)) {
          edges.add(edge);
        }
        if (nodes.putIfAbsent(from.id(), from) == null && from.kind().equals("product")) {
          ProductRef ref = ProductRef.parseOrNull(input.get().source());
          upstream.apply(new ProductRef(ref.domain(), ref.name())).ifPresent(registration -> follow(registration, from, upstream, nodes, edges));
        }
      }
    }
  }

  private static Node inputColumn(Input input, String column, int depth) {
    return switch (input.kind()) {
      case "kafka" -> new Node("topic:" + input.source() + ":" + column, "topic", input.source(), column, depth);
      case "cdc" -> new Node("table:" + input.source() + ":" + column, "table", input.source(), column, depth);
      default -> productColumn(ProductRef.parseOrNull(input.source()).qualifiedName(), column, depth);
    };
  }

  private static Node productColumn(String product, String column, int depth) {
    return new Node("product:" + product + ":" + column, "product", product, column, depth);
  }
}
