package dev.weft.catalog.web;

import dev.weft.catalog.ProductCatalog.UsageHistory;
import dev.weft.catalog.cost.Chargeback;
import dev.weft.catalog.cost.PriceTable;
import dev.weft.catalog.health.MetricsHistory.Usage;
import dev.weft.catalog.web.SvgChart.Chart;
import dev.weft.catalog.web.SvgChart.Point;
import dev.weft.catalog.web.SvgChart.Series;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Cost over a window as charts, per domain and per product: the cost added up from the start of
 * the window to the end of each bucket, unrounded (the table rounds to cents; a demo's costs are
 * fractions of one), so each line ends at what that row cost over the window. With the price table.
 */
final class CostCharts {
  private CostCharts() {}

  static String draw(UsageHistory history) {
    return "<div class=\"charts\">"
        + SvgChart.draw(chart(history, "chart-cost-domain", "per domain", Usage::domain))
        + SvgChart.draw(chart(history, "chart-cost-product", "per product", usage -> usage.domain() + "." + usage.product()))
        + "</div>" + prices(history.prices());
  }

  private static Chart chart(UsageHistory history, String id, String grouping, Function<Usage, String> key) {
    Map<String, List<Point>> lines = new TreeMap<>();
    Map<String, BigDecimal> sums = new TreeMap<>();
    for (Usage usage : history.usage()) {
      String name = key.apply(usage);
      BigDecimal sum = sums.getOrDefault(name, BigDecimal.ZERO)
          .add(Chargeback.exactCost(usage.cpuSeconds(), usage.storedByteSeconds(), usage.transferredBytes(), history.prices()));
      sums.put(name, sum);
      Instant end = usage.at().plus(history.span().bucket());
      List<Point> points = lines.computeIfAbsent(name, n -> new ArrayList<>());
      Point point = new Point(end.isAfter(history.span().to()) ? history.span().to() : end, sum.doubleValue());
      // buckets are ordered by time: a second usage of the same key and bucket (another product of the domain) replaces the point
      if (!points.isEmpty() && points.get(points.size() - 1).at().equals(point.at())) {
        points.set(points.size() - 1, point);
      } else {
        points.add(point);
      }
    }
    List<Series> series = new ArrayList<>();
    lines.forEach((name, points) -> series.add(new Series(name, points)));
    return new Chart(id, "cost " + grouping + " (" + history.prices().currency() + ", added up over the window)", history.span().from(), history.span().to(),
        series, null, value -> Amounts.money(BigDecimal.valueOf(value)));
  }

  private static String prices(PriceTable prices) {
    String currency = Html.escape(prices.currency());
    return "<h2>Prices</h2><table id=\"prices\"><tr><th>unit</th><th>price (" + currency + ")</th></tr>"
        + "<tr><td>CPU-hour</td><td>" + prices.perCpuHour().toPlainString() + "</td></tr>"
        + "<tr><td>GB held for a month (topic and table)</td><td>" + prices.perGbMonth().toPlainString() + "</td></tr>"
        + "<tr><td>GB transferred (Kafka in and out)</td><td>" + prices.perGbTransferred().toPlainString() + "</td></tr></table>"
        + "<p class=\"note\">A GB is 10<sup>9</sup> bytes, a month 30 days.</p>";
  }
}
