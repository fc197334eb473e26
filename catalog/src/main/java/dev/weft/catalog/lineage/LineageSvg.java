package dev.weft.catalog.lineage;

import dev.weft.catalog.web.Html;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws a lineage graph as SVG on the server, in three columns: inputs, the product, downstream
 * products. No layout library: the graph is one product's neighbourhood, so columns suffice.
 */
public final class LineageSvg {
  private static final int BOX_WIDTH = 240;
  private static final int BOX_HEIGHT = 36;
  private static final int ROW = 52;
  private static final int COLUMN = 320;
  private static final int MARGIN = 16;

  private LineageSvg() {}

  public static String draw(LineageGraph graph) {
    Map<String, List<LineageGraph.Node>> columns = new HashMap<>();
    for (LineageGraph.Node node : graph.nodes()) {
      columns.computeIfAbsent(node.role(), k -> new ArrayList<>()).add(node);
    }
    int rows = Math.max(1, columns.values().stream().mapToInt(List::size).max().orElse(1));
    int height = 2 * MARGIN + rows * ROW;
    int width = 2 * MARGIN + 2 * COLUMN + BOX_WIDTH;
    Map<String, int[]> centres = new HashMap<>();
    StringBuilder boxes = new StringBuilder();
    String[] roles = {"input", "product", "downstream"};
    for (int c = 0; c < roles.length; c++) {
      List<LineageGraph.Node> column = columns.getOrDefault(roles[c], List.of());
      int top = MARGIN + (rows - column.size()) * ROW / 2;
      for (int r = 0; r < column.size(); r++) {
        LineageGraph.Node node = column.get(r);
        int x = MARGIN + c * COLUMN;
        int y = top + r * ROW;
        centres.put(node.id(), new int[] {x, y + BOX_HEIGHT / 2});
        boxes.append("<g class=\"node ").append(node.kind()).append(' ').append(node.role()).append("\" data-id=\"")
            .append(Html.escape(node.id())).append("\">")
            .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH)
            .append("\" height=\"").append(BOX_HEIGHT).append("\" rx=\"6\" fill=\"").append(fill(node)).append("\" stroke=\"#445\"/>")
            .append("<text x=\"").append(x + 10).append("\" y=\"").append(y + 23).append("\" font-family=\"sans-serif\" font-size=\"13\">")
            .append(Html.escape(node.kind() + ": " + node.name())).append("</text></g>");
      }
    }
    StringBuilder edges = new StringBuilder();
    for (LineageGraph.Edge edge : graph.edges()) {
      int[] from = centres.get(edge.from());
      int[] to = centres.get(edge.to());
      edges.append("<line class=\"edge\" data-from=\"").append(Html.escape(edge.from())).append("\" data-to=\"")
          .append(Html.escape(edge.to())).append("\" x1=\"").append(from[0] + BOX_WIDTH).append("\" y1=\"").append(from[1])
          .append("\" x2=\"").append(to[0]).append("\" y2=\"").append(to[1]).append("\" stroke=\"#667\" marker-end=\"url(#arrow)\"/>");
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"lineage\" width=\"" + width + "\" height=\"" + height
        + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\" aria-label=\"lineage of " + Html.escape(graph.product().toString()) + "\">"
        + "<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" orient=\"auto\">"
        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>"
        + edges + boxes + "</svg>";
  }

  private static String fill(LineageGraph.Node node) {
    if (node.role().equals("product")) {
      return "#ffd966";
    }
    return switch (node.kind()) {
      case "topic" -> "#cfe2f3";
      case "table" -> "#d9ead3";
      default -> "#ead1dc";
    };
  }
}
