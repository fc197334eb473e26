package dev.weft.catalog.web;

import dev.weft.catalog.lineage.ColumnLineageGraph;
import dev.weft.catalog.lineage.ColumnLineageGraph.Node;
import dev.weft.catalog.lineage.ColumnLineageSvg;
import java.util.List;

/** The column lineage section of a product's page: the picture, and a table of each published column's sources. */
final class ColumnLineageView {
  private ColumnLineageView() {}

  static String draw(ColumnLineageGraph graph) {
    StringBuilder html = new StringBuilder("<h2 id=\"column-lineage\">Column lineage</h2><div class=\"scroll\">")
        .append(ColumnLineageSvg.draw(graph)).append("</div><div class=\"scroll\"><table id=\"column-lineage-table\">")
        .append("<tr><th>column</th><th>computed from</th><th>in the end from</th></tr>");
    for (Node column : graph.nodes()) {
      if (column.depth() != 0) {
        continue;
      }
      html.append("<tr class=\"column-lineage\"><td>").append(Html.escape(column.column())).append("</td><td>")
          .append(labels(graph.sourcesOf(column))).append("</td><td>").append(labels(graph.originsOf(column))).append("</td></tr>");
    }
    return html.append("</table></div>").toString();
  }

  private static String labels(List<Node> nodes) {
    return nodes.isEmpty() ? "not known" : Html.escape(String.join(", ", nodes.stream().map(Node::label).toList()));
  }
}
