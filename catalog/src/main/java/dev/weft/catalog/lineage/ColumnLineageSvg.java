package dev.weft.catalog.lineage;

import dev.weft.catalog.web.Html;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Draws column lineage as SVG: the product's published columns on the right, the columns they come
 * from one column further left per product upstream, an arrow for each "computed from".
 */
public final class ColumnLineageSvg {
  private static final int BOX_WIDTH = 280;
  private static final int BOX_HEIGHT = 28;
  private static final int ROW = 38;
  private static final int COLUMN = 340;
  private static final int MARGIN = 12;

  private ColumnLineageSvg() {}

  public static String draw(ColumnLineageGraph graph) {
    int deepest = graph.nodes().stream().mapToInt(ColumnLineageGraph.Node::depth).max().orElse(0);
    List<List<ColumnLineageGraph.Node>> byDepth = new ArrayList<>();
    for (int d = 0; d <= deepest; d++) {
      byDepth.add(new ArrayList<>());
    }
    graph.nodes().forEach(node -> byDepth.get(node.depth()).add(node));
    int rows = Math.max(1, byDepth.stream().mapToInt(List::size).max().orElse(1));
    int width = 2 * MARGIN + deepest * COLUMN + BOX_WIDTH;
    int height = 2 * MARGIN + rows * ROW;
    Map<String, int[]> boxes = new HashMap<>();
    StringBuilder drawn = new StringBuilder();
    for (int d = 0; d <= deepest; d++) {
      List<ColumnLineageGraph.Node> column = byDepth.get(d);
      for (int r = 0; r < column.size(); r++) {
        ColumnLineageGraph.Node node = column.get(r);
        int x = MARGIN + (deepest - d) * COLUMN;
        int y = MARGIN + r * ROW;
        boxes.put(node.id(), new int[] {x, y + BOX_HEIGHT / 2});
        drawn.append("<g class=\"column-node ").append(node.kind()).append("\" data-id=\"").append(Html.escape(node.id())).append("\">")
            .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(BOX_WIDTH).append("\" height=\"")
            .append(BOX_HEIGHT).append("\" rx=\"4\" fill=\"").append(d == 0 ? "#ffd966" : fill(node.kind())).append("\" stroke=\"#445\"/>")
            .append("<text x=\"").append(x + 8).append("\" y=\"").append(y + 19).append("\" font-family=\"sans-serif\" font-size=\"12\">")
            .append(Html.escape(node.label())).append("</text></g>");
      }
    }
    StringBuilder arrows = new StringBuilder();
    for (ColumnLineageGraph.Edge edge : graph.edges()) {
      int[] from = boxes.get(edge.from());
      int[] to = boxes.get(edge.to());
      arrows.append("<line class=\"column-edge\" data-from=\"").append(Html.escape(edge.from())).append("\" data-to=\"")
          .append(Html.escape(edge.to())).append("\" x1=\"").append(from[0] + BOX_WIDTH).append("\" y1=\"").append(from[1])
          .append("\" x2=\"").append(to[0]).append("\" y2=\"").append(to[1]).append("\" stroke=\"#667\" marker-end=\"url(#column-arrow)\"/>");
    }
    return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"column-lineage\" viewBox=\"0 0 " + width + " " + height
        + "\" width=\"" + width + "\" role=\"img\" aria-label=\"column lineage of " + Html.escape(graph.product().toString()) + "\">"
        + "<defs><marker id=\"column-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
        + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#667\"/></marker></defs>" + arrows + drawn + "</svg>";
  }

  private static String fill(String kind) {
    return switch (kind) {
      case "topic" -> "#cfe2f3";
      case "table" -> "#d9ead3";
      default -> "#ead1dc";
    };
  }
}
