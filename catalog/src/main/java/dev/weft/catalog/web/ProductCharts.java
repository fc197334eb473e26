package dev.weft.catalog.web;

import dev.weft.catalog.DurationText;
import dev.weft.catalog.ProductCatalog.ProductHistory;
import dev.weft.catalog.health.MetricsHistory.Bucket;
import dev.weft.catalog.health.MetricsHistory.Lag;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.web.SvgChart.Chart;
import dev.weft.catalog.web.SvgChart.Limit;
import dev.weft.catalog.web.SvgChart.Point;
import dev.weft.catalog.web.SvgChart.Series;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

/**
 * A product's metrics over a window as charts: records per second, consumer lag per group,
 * freshness against the SLA, the valid ratio against {@code minValidRatio}, bytes held.
 */
final class ProductCharts {
  private ProductCharts() {}

  static String draw(ProductHistory history, ProductRegistration product) {
    List<Bucket> buckets = history.buckets();
    StringBuilder charts = new StringBuilder("<div class=\"charts\">");
    charts.append(chart(history, "chart-records", "records per second", Amounts::quantity, null,
        series("in", buckets, b -> perSecond(b.recordsIn(), b)),
        series("out", buckets, b -> perSecond(b.recordsOut(), b)),
        series("rejected", buckets, b -> perSecond(b.recordsRejected(), b))));
    charts.append(SvgChart.draw(new Chart("chart-lag", "consumer lag (records behind the topic's end)", history.span().from(), history.span().to(),
        lagSeries(history.lags()), null, Amounts::quantity)));
    Duration sla = product.sla() == null ? null : DurationText.parseOrNull(product.sla().freshness());
    charts.append(chart(history, "chart-freshness", "freshness (age of the newest committed record)",
        ProductCharts::seconds,
        sla == null ? null : new Limit("SLA " + DurationText.forPeople(sla), sla.getSeconds()),
        series("freshness", buckets.stream().filter(b -> b.freshnessSeconds() != null).toList(), b -> b.freshnessSeconds())));
    BigDecimal minimum = product.quality() == null ? null : product.quality().minValidRatio();
    charts.append(chart(history, "chart-valid-ratio", "valid ratio (out / (out + rejected))", Amounts::quantity,
        minimum == null ? null : new Limit("minimum " + minimum.toPlainString(), minimum.doubleValue()),
        series("valid ratio", buckets.stream().filter(b -> b.recordsOut() + b.recordsRejected() > 0).toList(),
            b -> (double) b.recordsOut() / (b.recordsOut() + b.recordsRejected()))));
    charts.append(chart(history, "chart-bytes", "bytes held", Amounts::bytes, null,
        series("topic and dead-letter topic", buckets, Bucket::kafkaBytesRetained),
        series("table", buckets, Bucket::icebergBytes)));
    return charts.append("</div>").toString();
  }

  private static String chart(ProductHistory history, String id, String title, DoubleFunction<String> format, Limit limit,
      Series... series) {
    return SvgChart.draw(new Chart(id, title, history.span().from(), history.span().to(), List.of(series), limit, format));
  }

  /** Whole durations for people; below 10 s the axis may need tenths ({@code 0.5 s}). */
  private static String seconds(double seconds) {
    return seconds < 10 && seconds != Math.rint(seconds) ? Amounts.quantity(seconds) + " s" : DurationText.forPeople(Duration.ofSeconds(Math.round(seconds)));
  }

  private static double perSecond(long count, Bucket bucket) {
    return (double) count / Math.max(1, bucket.seconds());
  }

  private static Series series(String name, List<Bucket> buckets, ToDoubleFunction<Bucket> value) {
    return new Series(name, buckets.stream().map(b -> new Point(b.at(), value.applyAsDouble(b))).toList());
  }

  private static List<Series> lagSeries(List<Lag> lags) {
    Map<String, List<Point>> byGroup = new LinkedHashMap<>();
    for (Lag lag : lags) {
      byGroup.computeIfAbsent(lag.group(), g -> new ArrayList<>()).add(new Point(lag.at(), lag.lag()));
    }
    List<Series> series = new ArrayList<>();
    byGroup.forEach((group, points) -> series.add(new Series(group, points)));
    return series;
  }
}
