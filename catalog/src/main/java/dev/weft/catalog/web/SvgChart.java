package dev.weft.catalog.web;

import dev.weft.catalog.DurationText;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleFunction;

/**
 * A line chart over time drawn on the server as inline SVG, so the page needs no script and no
 * front-end build: one polyline per series, an optional dashed line for a limit (an SLA), the
 * value axis from 0 to a round maximum, and a legend that names each series with its latest value.
 */
public final class SvgChart {
  static final int WIDTH = 640;
  static final int HEIGHT = 220;
  private static final int LEFT = 72;
  private static final int RIGHT = 12;
  private static final int TOP = 12;
  private static final int BOTTOM = 28;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#7f7f7f"};

  public record Point(Instant at, double value) {}

  public record Series(String name, List<Point> points) {}

  /** A limit drawn across the chart, such as the freshness SLA. */
  public record Limit(String label, double value) {}

  /**
   * @param id the figure's element id
   * @param format how values are written on the axis and in the legend
   * @param limit null when there is none
   */
  public record Chart(String id, String title, Instant from, Instant to, List<Series> series, Limit limit, DoubleFunction<String> format) {}

  private SvgChart() {}

  public static String draw(Chart chart) {
    double max = roundUp(Math.max(chart.limit() == null ? 0 : chart.limit().value(),
        chart.series().stream().flatMap(s -> s.points().stream()).mapToDouble(Point::value).max().orElse(0)));
    Plot plot = new Plot(chart.from(), chart.to(), max);
    StringBuilder svg = new StringBuilder("<figure class=\"chart\" id=\"").append(Html.escape(chart.id())).append("\"><figcaption>")
        .append(Html.escape(chart.title())).append("</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ")
        .append(WIDTH).append(' ').append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(Html.escape(chart.title())).append("\">");
    for (double tick : new double[] {0, max / 2, max}) {
      String y = plot.y(tick);
      svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(WIDTH - RIGHT)
          .append("\" y2=\"").append(y).append("\" stroke=\"#dde\"/><text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(y)
          .append("\" dy=\"4\" text-anchor=\"end\" font-size=\"12\">").append(Html.escape(chart.format().apply(tick))).append("</text>");
    }
    svg.append("<text class=\"tick\" x=\"").append(LEFT).append("\" y=\"").append(HEIGHT - 8).append("\" font-size=\"12\">")
        .append(DurationText.forPeople(Duration.between(chart.from(), chart.to()))).append(" ago</text><text class=\"tick\" x=\"")
        .append(WIDTH - RIGHT).append("\" y=\"").append(HEIGHT - 8).append("\" text-anchor=\"end\" font-size=\"12\">now</text>");
    if (chart.limit() != null) {
      String y = plot.y(chart.limit().value());
      svg.append("<line class=\"limit\" x1=\"").append(LEFT).append("\" y1=\"").append(y).append("\" x2=\"").append(WIDTH - RIGHT)
          .append("\" y2=\"").append(y).append("\" stroke=\"#a00\" stroke-dasharray=\"6 4\"/>");
    }
    boolean empty = true;
    for (int i = 0; i < chart.series().size(); i++) {
      Series series = chart.series().get(i);
      if (series.points().isEmpty()) {
        continue;
      }
      empty = false;
      String colour = COLOURS[i % COLOURS.length];
      svg.append("<polyline class=\"series\" data-series=\"").append(Html.escape(series.name())).append("\" points=\"");
      for (int p = 0; p < series.points().size(); p++) {
        Point point = series.points().get(p);
        svg.append(p == 0 ? "" : " ").append(plot.x(point.at())).append(',').append(plot.y(point.value()));
      }
      svg.append("\" fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"2\"/>");
      if (series.points().size() == 1) {
        Point only = series.points().get(0);
        svg.append("<circle cx=\"").append(plot.x(only.at())).append("\" cy=\"").append(plot.y(only.value()))
            .append("\" r=\"3\" fill=\"").append(colour).append("\"/>");
      }
    }
    if (empty) {
      svg.append("<text class=\"empty\" x=\"").append(WIDTH / 2).append("\" y=\"").append(HEIGHT / 2)
          .append("\" text-anchor=\"middle\" font-size=\"14\" fill=\"#777\">no samples in this window</text>");
    }
    svg.append("</svg>").append(legend(chart)).append("</figure>");
    return svg.toString();
  }

  private static String legend(Chart chart) {
    StringBuilder legend = new StringBuilder("<ul class=\"legend\">");
    for (int i = 0; i < chart.series().size(); i++) {
      Series series = chart.series().get(i);
      legend.append("<li><span class=\"swatch\" style=\"background:").append(COLOURS[i % COLOURS.length]).append("\"></span>")
          .append(Html.escape(series.name())).append(": ")
          .append(series.points().isEmpty() ? "no samples"
              : "latest " + Html.escape(chart.format().apply(series.points().get(series.points().size() - 1).value())))
          .append("</li>");
    }
    if (chart.limit() != null) {
      legend.append("<li><span class=\"swatch limit\"></span>").append(Html.escape(chart.limit().label())).append("</li>");
    }
    return legend.append("</ul>").toString();
  }

  /** The smallest 1, 2 or 5 times a power of ten at or above {@code value}; 1 for nothing to show. */
  static double roundUp(double value) {
    if (!(value > 0)) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 5, 10}) {
      if (step * power >= value * (1 - 1e-12)) {
        return step * power;
      }
    }
    return 10 * power;
  }

  /** Where times and values land in the drawing, to one decimal. */
  private record Plot(Instant from, Instant to, double max) {
    String x(Instant at) {
      double span = Math.max(1, Duration.between(from, to).toMillis());
      return decimal(LEFT + (WIDTH - LEFT - RIGHT) * Duration.between(from, at).toMillis() / span);
    }

    String y(double value) {
      return decimal(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / max));
    }

    private static String decimal(double value) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
  }
}
