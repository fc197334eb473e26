package dev.weft.execute;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Input records for the order-events test product: mostly valid, with a known share breaking each
 * rule, each pair of rules, the not-null rule, and some that cannot be parsed at all. Knows, for
 * every record, which rules it breaks.
 */
final class OrderRecords {
  static final Instant START = Instant.parse("2026-11-01T00:00:00Z");
  private static final String[] CURRENCIES = {"eur", "usd", "gbp"};

  /** Raw JSON → the rules it breaks (empty = valid), in production order. */
  final Map<String, List<String>> expected = new LinkedHashMap<>();
  final List<Map.Entry<String, String>> records = new ArrayList<>();

  OrderRecords(int from, int to) {
    for (int i = from; i < to; i++) {
      add(i);
    }
  }

  private void add(int i) {
    String key = Integer.toString(i);
    String currency = CURRENCIES[i % 3];
    String total = (i % 500 + 1) + ".25";
    String customer = Integer.toString(i % 97);
    String orderId = Integer.toString(i);
    List<String> broken = new ArrayList<>();
    if (i % 100 == 5) {
      record(key, "{\"order_id\": " + i + ", \"total\": ", List.of("parse"));
      return;
    }
    if (i % 100 == 6) {
      record(key, "{\"order_id\": \"six-" + i + "\", \"total\": 1.00}", List.of("parse"));
      return;
    }
    if (i % 50 == 1 || i % 50 == 4) {
      total = "-" + total;
      broken.add("positive-total");
    }
    if (i % 50 == 2 || i % 50 == 4) {
      currency = "xxx";
      broken.add("known-currency");
    }
    if (i % 50 == 3) {
      customer = "null";
      broken.add("has-customer");
    }
    if (i % 100 == 7) {
      orderId = "null";
      broken.add("not-null:order_id");
    }
    String json = "{\"order_id\": " + orderId + ", \"customer_id\": " + customer + ", \"total\": " + total
        + ", \"currency\": \"" + currency + "\", \"created_at\": \"" + START.plus(i, ChronoUnit.MINUTES) + "\"}";
    record(key, json, broken);
  }

  private void record(String key, String json, List<String> broken) {
    expected.put(json, broken);
    records.add(Map.entry(key, json));
  }

  List<Long> validOrderIds() {
    List<Long> ids = new ArrayList<>();
    int index = 0;
    for (var entry : expected.entrySet()) {
      if (entry.getValue().isEmpty()) {
        ids.add(Long.parseLong(records.get(index).getKey()));
      }
      index++;
    }
    return ids;
  }

  Map<String, List<String>> invalid() {
    Map<String, List<String>> invalid = new LinkedHashMap<>();
    expected.forEach((json, rules) -> {
      if (!rules.isEmpty()) {
        invalid.put(json, rules);
      }
    });
    return invalid;
  }

  /** The topic JSON and table values of a valid order. */
  static String publishedJson(long i) {
    return "{\"order_id\":" + i + ",\"customer_id\":" + (i % 97) + ",\"order_total\":" + (i % 500 + 1) + ".25,\"currency\":\""
        + new String[] {"EUR", "USD", "GBP"}[(int) (i % 3)] + "\",\"placed_at\":\"" + START.plus(i, ChronoUnit.MINUTES) + "\"}";
  }
}
