package dev.weft.catalog.web;

import dev.weft.catalog.DurationText;
import dev.weft.catalog.ProductCatalog;
import dev.weft.catalog.cost.Chargeback;
import dev.weft.catalog.cost.CostQuery;
import dev.weft.catalog.cost.PriceTable;
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
import java.math.BigDecimal;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The catalog's web page, rendered on the server (no script, no build step): the product list with
 * search; one product's page with its status, charts over a window, dead letters, schema, and its
 * lineage and column lineage drawn as inline SVG; and the cost page with its charts, prices and table.
 */
public final class WebPages {
  private static final String STYLE = "body{font-family:sans-serif;margin:1em auto;padding:0 1em;max-width:1100px;color:#223}"
      + "table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:4px 8px;text-align:left;vertical-align:top}th{background:#eef}"
      + ".pii{color:#a00;font-weight:bold}.ok{color:#070}.breached{color:#a00}.unknown{color:#777}code,pre{background:#f4f4f8;padding:2px 4px}"
      + "pre{white-space:pre-wrap;overflow-wrap:anywhere}.scroll{overflow-x:auto;max-width:100%}svg{max-width:100%;height:auto}"
      + "a:focus{outline:3px solid #e69500;outline-offset:2px}nav.windows a.current{font-weight:bold}nav.sections{line-height:1.8}"
      + ".charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,480px),1fr));gap:1em}"
      + "figure.chart{margin:0;border:1px solid #dde;padding:8px}figcaption{font-weight:bold;margin-bottom:4px}"
      + "ul.legend{list-style:none;padding:0;margin:4px 0;font-size:14px}ul.legend li{display:inline-block;margin-right:1em}"
      + ".swatch{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}"
      + ".swatch.limit{border-top:2px dashed #a00;height:0}";

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
    request.allowQueryParameters("window");
    ChartWindow window = ChartWindow.of(request.query("window"));
    ProductRef ref = new ProductRef(request.pathParameter("domain"), request.pathParameter("name"));
    ProductCatalog.ProductView view = catalog.view(ref);
    ProductRegistration product = view.registration();
    String path = "/products/" + url(ref.domain()) + "/" + url(ref.name());
    StringBuilder body = new StringBuilder("<p><a href=\"/\">All products</a> · <a href=\"/cost\">Cost</a></p>")
        .append("<h1>").append(Html.escape(ref.toString())).append(" <small>").append(Html.escape(product.version())).append("</small></h1>")
        .append("<nav class=\"sections\" aria-label=\"sections\">")
        .append("<a href=\"#status\">status</a> · <a href=\"#over-time\">over time</a> · <a href=\"#dead-letters\">dead letters</a> · <a href=\"#schema\">schema</a> · ")
        .append("<a href=\"#lineage-picture\">lineage</a> · <a href=\"#column-lineage\">column lineage</a> · <a href=\"#dependants\">who depends on it</a> · <a href=\"#majors\">versions</a></nav>")
        .append("<p id=\"description\">").append(Html.escape(product.description())).append("</p>")
        .append("<div class=\"scroll\"><table id=\"facts\">")
        .append(fact("owner", product.owner()))
        .append(fact("tags", String.join(", ", product.tags())))
        .append(fact("topic", product.outputs().topic()))
        .append(fact("table", product.outputs().table()))
        .append(fact("dead-letter topic", product.outputs().deadLetterTopic()))
        .append(fact("readers", product.access() == null ? "" : String.join(", ", product.access().readers())))
        .append(fact("cost centre", product.costCenter()))
        .append("</table></div>");
    body.append(status(view));
    ProductCatalog.ProductHistory history = catalog.history(ref, window.length());
    body.append("<h2 id=\"over-time\">Over time</h2>").append(ChartWindow.switcher(path + "?", "window", window.parameter()))
        .append(ProductCharts.draw(history, product));
    body.append(DeadLetterView.draw(catalog.deadLetters(ref, history.span()), product.outputs().deadLetterTopic()));
    body.append("<h2>Schema</h2><div class=\"scroll\"><table id=\"schema\"><tr><th>column</th><th>type</th>")
        .append("<th>description</th><th>PII</th></tr>");
    for (Column column : product.schema().columns()) {
      body.append("<tr class=\"column\"><td>").append(Html.escape(column.name())).append("</td><td>").append(Html.escape(column.type()))
          .append("</td><td>").append(Html.escape(column.description())).append("</td><td")
          .append(column.pii() ? " class=\"pii\">PII" + (column.mask() == null ? "" : " (masked: " + Html.escape(column.mask()) + ")") : ">")
          .append("</td></tr>");
    }
    body.append("</table></div>");
    body.append("<h2>Query it</h2><pre id=\"trino-query\">").append(Html.escape(view.trinoQuery())).append("</pre>");
    body.append("<h2>Lineage</h2><div class=\"scroll\" id=\"lineage-picture\">").append(LineageSvg.draw(catalog.lineage(view))).append("</div>");
    body.append(ColumnLineageView.draw(catalog.columnLineage(view)));
    body.append(DependantsView.draw(catalog.dependants(view)));
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

  private static String status(ProductCatalog.ProductView view) {
    var health = view.health();
    var totals = view.totals();
    return new StringBuilder("<h2>Status</h2><div class=\"scroll\"><table id=\"status\">")
        .append("<tr><th>SLA status</th><td class=\"").append(health.state()).append("\">").append(health.state())
        .append(health.reasons().isEmpty() ? "" : ": " + Html.escape(String.join("; ", health.reasons()))).append("</td></tr>")
        .append(fact("freshness", health.freshnessSeconds() == null ? "no committed records yet"
            : DurationText.forPeople(Duration.ofSeconds(health.freshnessSeconds()))
                + (health.freshnessSlaSeconds() == null ? "" : " (SLA " + DurationText.forPeople(Duration.ofSeconds(health.freshnessSlaSeconds())) + ")")))
        .append(fact("valid ratio", (health.validRatio() == null ? "no records yet" : health.validRatio().toPlainString())
            + (health.minValidRatio() == null ? "" : " (minimum " + health.minValidRatio().toPlainString() + ")")))
        .append(fact("records in / out / rejected", Amounts.count(totals.recordsIn()) + " / " + Amounts.count(totals.recordsOut()) + " / "
            + Amounts.count(totals.recordsRejected())))
        .append(fact("bytes to topic / table", Amounts.bytes(totals.bytesToTopic()) + " / " + Amounts.bytes(totals.bytesToTable())))
        .append(fact("consumers of the topic (lag)", view.consumerGroups().isEmpty() ? "none reported"
            : String.join(", ", view.consumerGroups().stream().map(group -> group.group() + " (" + Amounts.count(group.lag()) + ")").toList())))
        .append("</table></div>").toString();
  }

  private Response cost(Request request) throws Exception {
    request.allowQueryParameters("since", "by");
    CostQuery query = CostQuery.of(request);
    Duration since = query.since();
    Chargeback.Grouping by = query.by();
    Chargeback.Report report = catalog.cost(since, by);
    StringBuilder body = new StringBuilder("<p><a href=\"/\">All products</a></p><h1>Cost over the last ")
        .append(DurationText.forPeople(since)).append("</h1>")
        .append(ChartWindow.switcher("/cost?by=" + by.parameter() + "&", "since", DurationText.format(since)))
        .append("<nav class=\"groupings\" aria-label=\"grouping\">table by:");
    for (Chargeback.Grouping grouping : Chargeback.Grouping.values()) {
      body.append(" <a href=\"").append(Html.escape("/cost?since=" + DurationText.format(since) + "&by=" + grouping.parameter())).append('"')
          .append(grouping == by ? " aria-current=\"page\" class=\"current\"" : "").append('>').append(grouping.parameter()).append("</a>");
    }
    body.append("</nav>").append(CostCharts.draw(catalog.usage(since)));
    String currency = Html.escape(report.currency());
    body.append("<h2>By ").append(by.parameter()).append("</h2><div class=\"scroll\"><table id=\"cost\"><tr><th>").append(by.parameter())
        .append("</th><th>CPU hours</th><th>GB-months stored</th><th>GB transferred</th><th>CPU (").append(currency).append(")</th><th>storage (")
        .append(currency).append(")</th><th>transfer (").append(currency).append(")</th><th>total (").append(currency).append(")</th></tr>");
    PriceTable prices = catalog.prices();
    BigDecimal total = BigDecimal.ZERO;
    for (Chargeback.Row row : report.rows()) {
      // each cost is the quantity as shown times its price, so a fraction of a cent shows (the API rounds to cents)
      BigDecimal cpu = row.cpuHours().multiply(prices.perCpuHour());
      BigDecimal storage = row.gbMonthsStored().multiply(prices.perGbMonth());
      BigDecimal transfer = row.gbTransferred().multiply(prices.perGbTransferred());
      BigDecimal rowTotal = cpu.add(storage).add(transfer);
      total = total.add(rowTotal);
      body.append("<tr><td>").append(Html.escape(row.key())).append("</td><td>").append(Amounts.quantity(row.cpuHours()))
          .append("</td><td>").append(Amounts.quantity(row.gbMonthsStored())).append("</td><td>").append(Amounts.quantity(row.gbTransferred()))
          .append("</td><td>").append(Amounts.money(cpu)).append("</td><td>").append(Amounts.money(storage))
          .append("</td><td>").append(Amounts.money(transfer)).append("</td><td>").append(Amounts.money(rowTotal)).append("</td></tr>");
    }
    body.append("<tr><th colspan=\"7\">total</th><th>").append(Amounts.money(total)).append("</th></tr></table></div>");
    return page("Cost — Weft catalog", body.toString());
  }

  private static String fact(String name, String value) {
    return "<tr><th>" + Html.escape(name) + "</th><td>" + Html.escape(value) + "</td></tr>";
  }

  private static Response page(String title, String body) {
    return Response.text(200, "text/html; charset=utf-8", "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
        + Html.escape(title) + "</title><style>" + STYLE + "</style></head><body>" + body + "</body></html>");
  }

  static String url(String segment) {
    return URLEncoder.encode(segment, StandardCharsets.UTF_8);
  }
}
