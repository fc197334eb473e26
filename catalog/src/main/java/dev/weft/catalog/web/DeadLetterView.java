package dev.weft.catalog.web;

import dev.weft.catalog.DurationText;
import dev.weft.catalog.ProductCatalog.DeadLetterHistory;
import dev.weft.catalog.deadletters.DeadLetterStore.RuleCount;
import dev.weft.catalog.health.ChartSpan;
import dev.weft.catalog.deadletters.DeadLetterStore.StoredLetter;
import dev.weft.catalog.web.SvgChart.Chart;
import dev.weft.catalog.web.SvgChart.Point;
import dev.weft.catalog.web.SvgChart.Series;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The dead letters section of a product's page: letters per rule and bucket over the window (a
 * bucket without letters is a 0, so every rule's line spans the window), and the latest letters
 * of each rule: why, where the input was read, the record as published with its PII masked.
 */
final class DeadLetterView {
  private DeadLetterView() {}

  static String draw(DeadLetterHistory history, String deadLetterTopic) {
    ChartSpan span = history.span();
    int buckets = span.buckets();
    Map<String, long[]> perRule = new TreeMap<>();
    for (RuleCount count : history.counts()) {
      int index = (int) (Duration.between(span.from(), count.at()).getSeconds() / span.bucket().getSeconds());
      perRule.computeIfAbsent(count.rule(), rule -> new long[buckets])[Math.min(index, buckets - 1)] += count.letters();
    }
    List<Series> series = new ArrayList<>();
    perRule.forEach((rule, counts) -> {
      List<Point> points = new ArrayList<>();
      for (int i = 0; i < counts.length; i++) {
        Instant end = span.from().plus(span.bucket().multipliedBy(i + 1));
        points.add(new Point(end.isAfter(span.to()) ? span.to() : end, counts[i]));
      }
      series.add(new Series(rule, points));
    });
    StringBuilder html = new StringBuilder("<h2 id=\"dead-letters\">Dead letters</h2><p>Records that broke a rule or could not be read, from ")
        .append("<code>").append(Html.escape(deadLetterTopic)).append("</code>.</p>")
        .append("<div class=\"charts\">").append(SvgChart.draw(new Chart("chart-dead-letters", "dead letters per rule, per "
            + DurationText.forPeople(span.bucket()), span.from(), span.to(), series, null, Amounts::quantity))).append("</div>")
        .append("<p id=\"dead-letter-totals\">In this window: ").append(perRule.isEmpty() ? "none"
            : Html.escape(String.join(", ", perRule.entrySet().stream()
                .map(rule -> rule.getKey() + " " + Amounts.count(java.util.Arrays.stream(rule.getValue()).sum())).toList()))).append(".</p>")
        .append("<h3>Latest letters of each rule</h3>");
    if (history.latest().isEmpty()) {
      return html.append("<p id=\"latest-dead-letters\">none reported</p>").toString();
    }
    html.append("<div class=\"scroll\"><table id=\"latest-dead-letters\"><tr><th>rule</th><th>failed at</th><th>reason</th>")
        .append("<th>source</th><th>record (PII masked)</th></tr>");
    for (StoredLetter letter : history.latest()) {
      html.append("<tr class=\"dead-letter\"><td>").append(Html.escape(letter.rule())).append("</td><td>").append(letter.failedAt().truncatedTo(ChronoUnit.SECONDS))
          .append("</td><td>").append(Html.escape(letter.reason())).append("</td><td>")
          .append(letter.source() == null ? "not kept by the transform" : Html.escape(letter.source())).append("</td><td><code>")
          .append(letter.record() == null ? "could not be read" : Html.escape(letter.record())).append("</code></td></tr>");
    }
    return html.append("</table></div>").toString();
  }
}
