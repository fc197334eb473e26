package dev.weft.catalog.lineage;

import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.Input;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One product's neighbourhood: its inputs (source tables, topics, upstream products) on the left,
 * the product, and the products that read it on the right.
 */
public record LineageGraph(ProductRef product, List<Node> nodes, List<Edge> edges) {

  /** kind: table, topic or product; role: input, product or downstream. */
  public record Node(String id, String kind, String name, String role) {}

  /** {@code input} names the input of the reading product that the edge is. */
  public record Edge(String from, String to, String input) {}

  public static LineageGraph of(ProductRegistration registration, List<ProductRef> downstream) {
    ProductRef self = new ProductRef(registration.domain(), registration.name());
    Map<String, Node> nodes = new LinkedHashMap<>();
    List<Edge> edges = new ArrayList<>();
    String selfId = "product:" + self;
    for (Input input : registration.inputs()) {
      Node node = inputNode(input);
      nodes.putIfAbsent(node.id(), node);
      edges.add(new Edge(node.id(), selfId, input.name()));
    }
    nodes.put(selfId, new Node(selfId, "product", self.toString(), "product"));
    for (ProductRef reader : downstream) {
      String id = "product:" + reader;
      nodes.putIfAbsent(id, new Node(id, "product", reader.toString(), "downstream"));
      edges.add(new Edge(selfId, id, null));
    }
    return new LineageGraph(self, List.copyOf(nodes.values()), edges);
  }

  private static Node inputNode(Input input) {
    return switch (input.kind()) {
      case "kafka" -> new Node("topic:" + input.source(), "topic", input.source(), "input");
      case "cdc" -> new Node("table:" + input.source(), "table", input.source(), "input");
      default -> {
        String name = ProductRef.parseOrNull(input.source()).qualifiedName();
        yield new Node("product:" + name, "product", name, "input");
      }
    };
  }
}
