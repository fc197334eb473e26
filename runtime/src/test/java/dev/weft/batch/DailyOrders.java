package dev.weft.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;

/** Orders on three days for the order-events test product, and the daily totals they add up to. */
final class DailyOrders {
  private static final String[] CURRENCIES = {"EUR", "USD", "GBP"};

  private DailyOrders() {}

  /** Orders {@code from..to} (inclusive) on 2026-11-01..03 in three currencies, all valid. */
  static void produce(Topics topics, String topic, int from, int to, Map<String, long[]> counts, Map<String, BigDecimal> revenue)
      throws Exception {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = from; i <= to; i++) {
      String day = "2026-11-0" + (1 + i % 3);
      String currency = CURRENCIES[(i / 3) % 3];
      BigDecimal total = new BigDecimal(i % 50 + 1 + ".25");
      records.add(Map.entry(Integer.toString(i), "{\"order_id\": " + i + ", \"customer_id\": " + (i % 40) + ", \"total\": " + total
          + ", \"currency\": \"" + currency.toLowerCase() + "\", \"created_at\": \"" + day + "T1" + (i % 10) + ":00:00Z\"}"));
      String group = day + "/" + currency;
      counts.computeIfAbsent(group, g -> new long[1])[0]++;
      revenue.merge(group, total, BigDecimal::add);
    }
    topics.produce(topic, records);
  }

  static Map<String, String> expected(Map<String, long[]> counts, Map<String, BigDecimal> revenue)
      throws Exception {
    Map<String, String> rows = new TreeMap<>();
    counts.forEach((group, count) -> rows.put(group, count[0] + " orders, " + revenue.get(group)));
    return rows;
  }

  static Map<String, String> rows(Table table) {
    Map<String, String> rows = new TreeMap<>();
    for (Record row : Tables.readAll(table)) {
      String previous = rows.put(row.getField("order_day") + "/" + row.getField("currency"),
          row.getField("orders") + " orders, " + row.getField("revenue"));
      assertThat(previous).as("two rows for %s/%s", row.getField("order_day"), row.getField("currency")).isNull();
    }
    return rows;
  }
}
