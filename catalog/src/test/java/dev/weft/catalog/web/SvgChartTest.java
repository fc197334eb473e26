package dev.weft.catalog.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.web.SvgChart.Chart;
import dev.weft.catalog.web.SvgChart.Limit;
import dev.weft.catalog.web.SvgChart.Point;
import dev.weft.catalog.web.SvgChart.Series;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {
  private static final Instant FROM = Instant.parse("2026-12-01T10:00:00Z");
  private static final Instant TO = Instant.parse("2026-12-01T11:00:00Z");

  @Test
  void drawsEachSeriesAsAPolylineUnderARoundMaximumWithTheLimitDashed() {
    // plot area: x 72..628 (556 wide), y 12..192 (180 high); the maximum is the limit, 5
    Chart chart = new Chart("chart-x", "records <per> second", FROM, TO,
        List.of(new Series("in", List.of(new Point(Instant.parse("2026-12-01T10:30:00Z"), 3), new Point(TO, 4))),
            new Series("out", List.of()),
            new Series("rejected", List.of(new Point(Instant.parse("2026-12-01T10:45:00Z"), 1)))),
        new Limit("SLA 5", 5), Amounts::quantity);
    assertThat(SvgChart.draw(chart)).isEqualTo("<figure class=\"chart\" id=\"chart-x\"><figcaption>records &lt;per&gt; second</figcaption>"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 640 220\" role=\"img\" aria-label=\"records &lt;per&gt; second\">"
        + "<line class=\"grid\" x1=\"72\" y1=\"192.0\" x2=\"628\" y2=\"192.0\" stroke=\"#dde\"/>"
        + "<text class=\"tick\" x=\"66\" y=\"192.0\" dy=\"4\" text-anchor=\"end\" font-size=\"12\">0</text>"
        + "<line class=\"grid\" x1=\"72\" y1=\"102.0\" x2=\"628\" y2=\"102.0\" stroke=\"#dde\"/>"
        + "<text class=\"tick\" x=\"66\" y=\"102.0\" dy=\"4\" text-anchor=\"end\" font-size=\"12\">2.5</text>"
        + "<line class=\"grid\" x1=\"72\" y1=\"12.0\" x2=\"628\" y2=\"12.0\" stroke=\"#dde\"/>"
        + "<text class=\"tick\" x=\"66\" y=\"12.0\" dy=\"4\" text-anchor=\"end\" font-size=\"12\">5</text>"
        + "<text class=\"tick\" x=\"72\" y=\"212\" font-size=\"12\">1 h ago</text>"
        + "<text class=\"tick\" x=\"628\" y=\"212\" text-anchor=\"end\" font-size=\"12\">now</text>"
        + "<line class=\"limit\" x1=\"72\" y1=\"12.0\" x2=\"628\" y2=\"12.0\" stroke=\"#a00\" stroke-dasharray=\"6 4\"/>"
        + "<polyline class=\"series\" data-series=\"in\" points=\"350.0,84.0 628.0,48.0\" fill=\"none\" stroke=\"#1f77b4\" stroke-width=\"2\"/>"
        + "<polyline class=\"series\" data-series=\"rejected\" points=\"489.0,156.0\" fill=\"none\" stroke=\"#2ca02c\" stroke-width=\"2\"/>"
        + "<circle cx=\"489.0\" cy=\"156.0\" r=\"3\" fill=\"#2ca02c\"/></svg>"
        + "<ul class=\"legend\"><li><span class=\"swatch\" style=\"background:#1f77b4\"></span>in: latest 4</li>"
        + "<li><span class=\"swatch\" style=\"background:#d62728\"></span>out: no samples</li>"
        + "<li><span class=\"swatch\" style=\"background:#2ca02c\"></span>rejected: latest 1</li>"
        + "<li><span class=\"swatch limit\"></span>SLA 5</li></ul></figure>");
  }

  @Test
  void saysSoWhenTheWindowHoldsNoSamples() {
    String svg = SvgChart.draw(new Chart("chart-lag", "lag", FROM, TO, List.of(), null, Amounts::quantity));
    assertThat(svg).contains("<text class=\"tick\" x=\"66\" y=\"12.0\" dy=\"4\" text-anchor=\"end\" font-size=\"12\">1</text>",
            "<text class=\"empty\" x=\"320\" y=\"110\" text-anchor=\"middle\" font-size=\"14\" fill=\"#777\">no samples in this window</text>")
        .doesNotContain("<polyline", "class=\"limit\"").endsWith("<ul class=\"legend\"></ul></figure>");
  }

  @Test
  void roundsTheMaximumUpToOneTwoOrFiveTimesAPowerOfTen() {
    assertThat(List.of(SvgChart.roundUp(0), SvgChart.roundUp(0.0042), SvgChart.roundUp(1), SvgChart.roundUp(1.01), SvgChart.roundUp(3),
        SvgChart.roundUp(60), SvgChart.roundUp(999))).containsExactly(1.0, 0.005, 1.0, 2.0, 5.0, 100.0, 1000.0);
  }
}
