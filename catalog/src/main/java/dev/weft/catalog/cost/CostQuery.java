package dev.weft.catalog.cost;

import dev.weft.catalog.DurationText;
import dev.weft.catalog.Refusal;
import dev.weft.catalog.http.Request;
import java.time.Duration;

/** The window and grouping of a cost request ({@code since=7d&by=domain}), for the API and the web page alike. */
public record CostQuery(Duration since, Chargeback.Grouping by) {

  public static CostQuery of(Request request) {
    String sinceText = request.query("since") == null ? "7d" : request.query("since");
    Duration since = DurationText.parseOrNull(sinceText);
    if (since == null || since.isZero()) {
      throw Refusal.invalid("query parameter 'since' must be a whole number and a unit (s, m, h, d) such as 7d, was '" + sinceText + "'");
    }
    String byText = request.query("by") == null ? "domain" : request.query("by");
    Chargeback.Grouping by = Chargeback.Grouping.parseOrNull(byText);
    if (by == null) {
      throw Refusal.invalid("query parameter 'by' must be domain, product or costCenter, was '" + byText + "'");
    }
    return new CostQuery(since, by);
  }
}
