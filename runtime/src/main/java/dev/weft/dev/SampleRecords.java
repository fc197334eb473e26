package dev.weft.dev;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.plan.InputPlan;
import dev.weft.spec.ColumnSpec;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Made-up JSON records for a Kafka input of the demo, shaped by its declared columns. Seeded, so
 * every run of {@code weft dev} sees the same values; one record in fifty has negative amounts and
 * one in a hundred is not JSON, so the dead-letter path shows too. Their event times are one second
 * apart from a given first one, near the present, so freshness and the SLA mean something in the demo.
 */
public final class SampleRecords {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Values for string columns whose name says what they hold; others get a word. */
  private static final Map<String, String[]> VALUES = Map.of(
      "currency", new String[] {"eur", "usd", "gbp"},
      "tier", new String[] {"gold", "silver", "bronze"},
      "channel", new String[] {"web", "app", "store"},
      "method", new String[] {"card", "wallet"},
      "country", new String[] {"DE", "FR", "GB", "NL"});
  private static final String[] WORDS = {"alpha", "bravo", "charlie", "delta", "echo"};

  private SampleRecords() {}

  /**
   * The event time of the first of {@code count} records one second apart so that the last is
   * {@code now}, moved on to the start of today (UTC) if earlier: a demo's records then all fall on
   * one day, so per-day products give the same rows at any time of day.
   */
  public static Instant firstEventTime(Instant now, int count) {
    Instant start = now.truncatedTo(ChronoUnit.SECONDS).minusSeconds(Math.max(0, count - 1));
    Instant today = now.truncatedTo(ChronoUnit.DAYS);
    return start.isBefore(today) ? today : start;
  }

  /** {@code count} (key, JSON) pairs; the key is the first column's value. */
  public static List<Map.Entry<String, String>> generate(InputPlan input, int count, long seed, Instant firstEventTime) {
    return generate(input, 0, count, seed, firstEventTime);
  }

  /**
   * Records {@code first} to {@code first + count - 1} of the sequence (ids count on, every fiftieth
   * is spoilt, every hundredth not JSON), the first at {@code firstEventTime}.
   */
  public static List<Map.Entry<String, String>> generate(InputPlan input, int first, int count, long seed, Instant firstEventTime) {
    Random random = new Random(seed ^ input.topic().hashCode() ^ first);
    List<Map.Entry<String, String>> records = new ArrayList<>(count);
    for (int i = first; i < first + count; i++) {
      if (i % 100 == 99) {
        records.add(Map.entry(Integer.toString(i), "{\"broken\": "));
        continue;
      }
      ObjectNode record = JSON.createObjectNode();
      boolean spoil = i % 50 == 49;
      Instant eventTime = firstEventTime.plusSeconds(i - first);
      for (ColumnSpec column : input.columns()) {
        put(record, column, i, random, spoil, eventTime);
      }
      String key = input.columns().isEmpty() ? null : record.path(input.columns().get(0).name()).asText();
      records.add(Map.entry(key == null ? Integer.toString(i) : key, record.toString()));
    }
    return records;
  }

  private static void put(ObjectNode record, ColumnSpec column, int i, Random random, boolean spoil, Instant eventTime) {
    String name = column.name();
    String type = column.type().toUpperCase(Locale.ROOT);
    if (type.startsWith("BIGINT") || type.startsWith("INT") || type.startsWith("SMALLINT")) {
      // ids of other things repeat (foreign keys); the first column counts up
      record.put(name, name.endsWith("_id") && !record.isEmpty() ? random.nextInt(50) + 1 : i + 1);
    } else if (type.startsWith("DECIMAL") || type.startsWith("DOUBLE") || type.startsWith("FLOAT")) {
      BigDecimal amount = BigDecimal.valueOf(random.nextInt(50_000) + 100, 2);
      record.put(name, spoil ? amount.negate() : amount);
    } else if (type.startsWith("BOOLEAN")) {
      record.put(name, random.nextBoolean());
    } else if (type.startsWith("TIMESTAMP")) {
      String ts = eventTime.toString();
      record.put(name, type.contains("LTZ") ? ts : ts.substring(0, ts.length() - 1));
    } else if (type.startsWith("DATE")) {
      record.put(name, eventTime.toString().substring(0, 10));
    } else if (name.contains("email")) {
      record.put(name, "user" + random.nextInt(50) + "@example.com");
    } else {
      String[] values = VALUES.getOrDefault(name, WORDS);
      record.put(name, values[random.nextInt(values.length)]);
    }
  }
}
