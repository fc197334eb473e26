package dev.weft.catalog.web;

import dev.weft.catalog.DurationText;
import dev.weft.catalog.ProductCatalog;
import dev.weft.catalog.cost.Chargeback;
import dev.weft.catalog.cost.CostQuery;
import dev.weft.catalog.http.Request;
import dev.weft.catalog.http.Response;
import dev.weft.catalog.http.Route;
import dev.weft.catalog.lineage.LineageSvg;
import dev.weft.catalog.product.Major;
import dev.weft.catalog.product.MajorStore;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductStore;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The catalog's web page, rendered on the server (no script, no build step): the product list with
 * search, one product's page with its lineage drawn as inline SVG, and the cost table.
 */
public final class WebPages {
  private static final String STYLE = "body{font-family:sans-serif;margin:2em;color:#223}table{border-collapse:collapse}"
      + "td,th{border:1px solid #ccd;padding:4px 8px;text-align:left}th{background:#eef}.pii{color:#a00;font-weight:bold}"
      + ".ok{color:#070}.breached{color:#a00}.unknown{color:#777}code,pre{background:#f4f4f8;padding:2px 4px}";

  private final ProductCatalog catalog;

  public WebPages(ProductCatalog catalog) {
    this.catalog = catalog;
  }

  public List<Route> routes() {
    return List.of(
        new Route("GET", "/", false, this::list),
        new Route("GET", "/products/{domain}/{name}", false, this::product),
        new Route("GET", "/cost", false, this::cost));
  }

  private Response list(Request request) throws Exception {
    request.allowQueryParameters("q");
    String q = request.query("q");
    List<ProductStore.Summary> products = catalog.search(new ProductStore.SearchQuery(q, null, null, null, null, 500, 0));
    StringBuilder body = new StringBuilder("<h1>Data products</h1>")
        .append("<form method=\"get\" action=\"/\"><input type=\"search\" name=\"q\" value=\"").append(Html.escape(q))
        .append("\" placeholder=\"name, description, owner, tag or column\"> <button type=\"submit\">Search</button></form>")
        .append("<p id=\"count\">").append(products.size()).append(products.size() == 1 ? " product" : " products").append("</p>")
        .append("<table id=\"products\"><tr><th>product</th><th>version</th><th>owner</th><th>description</th><th>tags</th></tr>");
    for (ProductStore.Summary product : products) {
      String qualified = product.domain() + "." + product.name();
      body.append("<tr><td><a href=\"/products/").append(url(product.domain())).append('/').append(url(product.name())).append("\">")
          .append(Html.escape(qualified)).append("</a></td><td>").append(Html.escape(product.version())).append("</td><td>")
          .append(Html.escape(product.owner())).append("</td><td>").append(Html.escape(product.description())).append("</td><td>")
          .append(Html.escape(String.join(", ", product.tags()))).append("</td></tr>");
    }
    body.append("</table><p><a href=\"/cost\">Cost</a> · <a href=\"/api/openapi.json\">API</a></p>");
    return page("Weft catalog", body.toString());
  }

  private Response product(Request request) throws Exception {
    request.allowQueryParameters();
    ProductRef ref = new ProductRef(request.pathParameter("domain"), request.pathParameter("name"));
    ProductCatalog.ProductView view = catalog.view(ref);
    ProductRegistration product = view.registration();
    StringBuilder body = new StringBuilder("<p><a href=\"/\">All products</a></p>")
        .append("<h1>").append(Html.escape(ref.toString())).append(" <small>").append(Html.escape(product.version())).append("</small></h1>")
        .append("<p id=\"description\">").append(Html.escape(product.description())).append("</p>")
        .append("<table id=\"facts\">")
        .append(fact("owner", product.owner()))
        .append(fact("tags", String.join(", ", product.tags())))
        .append(fact("topic", product.outputs().topic()))
        .append(fact("table", product.outputs().table()))
        .append(fact("dead-letter topic", product.outputs().deadLetterTopic()))
        .append(fact("readers", product.access() == null ? "" : String.join(", ", product.access().readers())))
        .append(fact("cost centre", product.costCenter()))
        .append("</table>");
    body.append("<h2>Status</h2><table id=\"status\">")
        .append("<tr><th>SLA status</th><td class=\"").append(view.health().state()).append("\">").append(view.health().state())
        .append(view.health().reasons().isEmpty() ? "" : ": " + Html.escape(String.join("; ", view.health().reasons()))).append("</td></tr>")
        .append(fact("freshness", view.health().freshnessSeconds() == null ? "no committed records yet" : view.health().freshnessSeconds() + "s"
            + (view.health().freshnessSlaSeconds() == null ? "" : " (SLA " + view.health().freshnessSlaSeconds() + "s)")))
        .append(fact("valid ratio", (view.health().validRatio() == null ? "no records yet" : view.health().validRatio().toPlainString())
            + (view.health().minValidRatio() == null ? "" : " (minimum " + view.health().minValidRatio().toPlainString() + ")")))
        .append(fact("records in / out / rejected", view.totals().recordsIn() + " / " + view.totals().recordsOut() + " / " + view.totals().recordsRejected()))
        .append(fact("bytes to topic / table", view.totals().bytesToTopic() + " / " + view.totals().bytesToTable()))
        .append(fact("consumers of the topic (lag)", view.consumerGroups().isEmpty() ? "none reported"
            : String.join(", ", view.consumerGroups().stream().map(group -> group.group() + " (" + group.lag() + ")").toList())))
        .append("</table>");
    body.append("<h2>Schema</h2><table id=\"schema\"><tr><th>column</th><th>type</th><th>description</th><th>PII</th></tr>");
    for (Column column : product.schema().columns()) {
      body.append("<tr class=\"column\"><td>").append(Html.escape(column.name())).append("</td><td>").append(Html.escape(column.type()))
          .append("</td><td>").append(Html.escape(column.description())).append("</td><td")
          .append(column.pii() ? " class=\"pii\">PII" + (column.mask() == null ? "" : " (masked: " + Html.escape(column.mask()) + ")") : ">")
          .append("</td></tr>");
    }
    body.append("</table>");
    body.append("<h2>Query it</h2><pre id=\"trino-query\">").append(Html.escape(view.trinoQuery())).append("</pre>");
    body.append("<h2>Lineage</h2>").append(LineageSvg.draw(catalog.lineage(view)));
    body.append("<h2>Major versions</h2><ul id=\"majors\">");
    for (Major major : view.majors()) {
      body.append("<li").append(major.retiredAt() == null ? ">" : " class=\"retired\">").append(major.major())
          .append(" — latest ").append(Html.escape(major.latestVersion())).append(" — ")
          .append(major.retiredAt() == null ? "live" : "retired " + major.retiredAt() + ": " + Html.escape(major.retiredBecause()))
          .append("</li>");
    }
    body.append("</ul>");
    body.append("<h2>Versions</h2><ul id=\"versions\">");
    for (ProductStore.VersionEntry version : view.versions()) {
      body.append("<li>").append(Html.escape(version.version())).append(" — ").append(version.registeredAt()).append("</li>");
    }
    body.append("</ul>");
    return page(ref + " — Weft catalog", body.toString());
  }

  private Response cost(Request request) throws Exception {
    request.allowQueryParameters("since", "by");
    CostQuery query = CostQuery.of(request);
    Duration since = query.since();
    Chargeback.Grouping by = query.by();
    Chargeback.Report report = catalog.cost(since, by);
    StringBuilder body = new StringBuilder("<p><a href=\"/\">All products</a></p><h1>Cost over the last ")
        .append(DurationText.format(since)).append(" by ").append(by.parameter()).append("</h1>")
        .append("<table id=\"cost\"><tr><th>").append(by.parameter()).append("</th><th>CPU hours</th><th>GB-months stored</th>")
        .append("<th>GB transferred</th><th>CPU</th><th>storage</th><th>transfer</th><th>total (").append(Html.escape(report.currency())).append(")</th></tr>");
    for (Chargeback.Row row : report.rows()) {
      body.append("<tr><td>").append(Html.escape(row.key())).append("</td><td>").append(row.cpuHours().toPlainString())
          .append("</td><td>").append(row.gbMonthsStored().toPlainString()).append("</td><td>").append(row.gbTransferred().toPlainString())
          .append("</td><td>").append(row.cpuCost().toPlainString()).append("</td><td>").append(row.storageCost().toPlainString())
          .append("</td><td>").append(row.transferCost().toPlainString()).append("</td><td>").append(row.totalCost().toPlainString()).append("</td></tr>");
    }
    body.append("<tr><th colspan=\"7\">total</th><th>").append(report.totalCost().toPlainString()).append("</th></tr></table>");
    return page("Cost — Weft catalog", body.toString());
  }

  private static String fact(String name, String value) {
    return "<tr><th>" + Html.escape(name) + "</th><td>" + Html.escape(value) + "</td></tr>";
  }

  private static Response page(String title, String body) {
    return Response.text(200, "text/html; charset=utf-8", "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
        + Html.escape(title) + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>");
  }

  private static String url(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
