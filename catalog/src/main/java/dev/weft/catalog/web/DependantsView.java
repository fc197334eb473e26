package dev.weft.catalog.web;

import dev.weft.catalog.DurationText;
import dev.weft.catalog.ProductCatalog;
import dev.weft.catalog.impact.Impact;
import dev.weft.catalog.impact.ImpactAssessment;

/**
 * "Who depends on this product" on a product's page: the impact of its current version, as the API's
 * {@code …/impact} answers it for a proposed one (the downstream products and the columns they read,
 * the consumer groups the runtime last reported, the Trino reader domains).
 */
final class DependantsView {
  private DependantsView() {}

  static String draw(Impact impact) {
    StringBuilder html = new StringBuilder("<h2 id=\"dependants\">Who depends on this product</h2>")
        .append("<p>Who reads version ").append(Html.escape(impact.version()))
        .append(": a new version that drops or retypes a column they read breaks them. <code>weft impact SPEC</code> says which.</p>")
        .append("<h3>Downstream products</h3>");
    if (impact.downstream().isEmpty()) {
      html.append("<p id=\"dependant-products\">none</p>");
    } else {
      html.append("<div class=\"scroll\"><table id=\"dependant-products\"><tr><th>product</th><th>version</th>")
          .append("<th>reads (this product's column -&gt; its columns)</th></tr>");
      for (Impact.DownstreamProduct product : impact.downstream()) {
        String[] name = product.product().split("\\.", 2);
        html.append("<tr class=\"dependant\"><td><a href=\"/products/").append(WebPages.url(name[0])).append('/').append(WebPages.url(name[1]))
            .append("\">").append(Html.escape(product.product())).append("</a></td><td>").append(Html.escape(product.version()))
            .append("</td><td>").append(Html.escape(ImpactAssessment.reads(product))).append("</td></tr>");
      }
      html.append("</table></div>");
    }
    html.append("<h3>Consumer groups on <code>").append(Html.escape(impact.topic())).append("</code></h3>");
    if (impact.consumerGroups().isEmpty()) {
      html.append("<p id=\"dependant-groups\">none reported</p>");
    } else {
      html.append("<div class=\"scroll\"><table id=\"dependant-groups\"><tr><th>group</th><th>domain</th><th>lag</th><th>members</th>")
          .append("<th>last active</th></tr>");
      for (Impact.ConsumerGroup group : impact.consumerGroups()) {
        html.append("<tr class=\"dependant\"><td>").append(Html.escape(group.group())).append("</td><td>")
            .append(group.downstreamProduct() != null ? "job of " + Html.escape(group.downstreamProduct())
                : group.domain() == null ? "no domain prefix" : Html.escape(group.domain()))
            .append("</td><td>").append(Amounts.count(group.lag())).append("</td><td>").append(Html.escape(group.activity()))
            .append("</td><td>").append(group.lastActiveAt() == null ? "not in the last " + DurationText.forPeople(ProductCatalog.ACTIVITY_WINDOW) : Html.escape(group.lastActiveAt()))
            .append("</td></tr>");
      }
      html.append("</table></div>");
    }
    html.append("<h3>Trino readers of <code>").append(Html.escape(impact.table())).append("</code></h3>");
    if (impact.trinoReaders().isEmpty()) {
      return html.append("<p id=\"dependant-trino\">none: its access rules name no reader domain</p>").toString();
    }
    html.append("<p id=\"dependant-trino\">Domains its access rules let read the whole table (PII columns masked): ")
        .append(Html.escape(String.join(", ", impact.trinoReaders().stream().map(Impact.TrinoReader::domain).toList()))).append(".</p>");
    return html.toString();
  }
}
