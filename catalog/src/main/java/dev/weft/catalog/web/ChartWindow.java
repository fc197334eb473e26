package dev.weft.catalog.web;

import dev.weft.catalog.Refusal;
import java.time.Duration;

/** How far back a page's charts look: 1 h, 24 h or 7 d (see {@link dev.weft.catalog.health.ChartSpan} for the buckets). */
enum ChartWindow {
  HOUR("1h", Duration.ofHours(1)),
  DAY("24h", Duration.ofHours(24)),
  WEEK("7d", Duration.ofDays(7));

  private final String parameter;
  private final Duration length;

  ChartWindow(String parameter, Duration length) {
    this.parameter = parameter;
    this.length = length;
  }

  String parameter() {
    return parameter;
  }

  Duration length() {
    return length;
  }

  /** The query parameter's window; 1 h when absent. */
  static ChartWindow of(String text) {
    if (text == null) {
      return HOUR;
    }
    for (ChartWindow window : values()) {
      if (window.parameter.equals(text)) {
        return window;
      }
    }
    throw Refusal.invalid("query parameter 'window' must be 1h, 24h or 7d, was '" + text + "'");
  }

  /**
   * The links that switch the window, the current one marked for screen readers too; each link is
   * {@code href} with {@code parameter=1h} (24h, 7d) appended.
   */
  static String switcher(String href, String parameter, String current) {
    StringBuilder nav = new StringBuilder("<nav class=\"windows\" aria-label=\"time window\">window:");
    for (ChartWindow window : values()) {
      nav.append(" <a href=\"").append(Html.escape(href + parameter + "=" + window.parameter)).append('"')
          .append(window.parameter.equals(current) ? " aria-current=\"page\" class=\"current\"" : "").append('>')
          .append(window.parameter.replace("h", " h").replace("d", " d")).append("</a>");
    }
    return nav.append("</nav>").toString();
  }
}
