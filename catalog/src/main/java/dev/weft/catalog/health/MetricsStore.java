package dev.weft.catalog.health;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Metrics samples per product, and the sums the status and cost views need. */
public final class MetricsStore {

  /**
   * Sums over the samples of one product in a window, the newest event time ever reported, and the
   * consumer groups of the latest sample (JSON as sent).
   */
  public record Totals(long samples, long recordsIn, long recordsOut, long recordsRejected, long bytesToTopic,
      long bytesToTable, Instant lastSampleAt, Instant newestEventTime, String consumerGroupsJson) {}

  /** One sample with the grouping keys of its product, for chargeback. */
  public record CostSample(String domain, String product, String costCenter, long intervalSeconds, BigDecimal cpuSeconds,
      long kafkaBytesIn, long kafkaBytesOut, long kafkaBytesRetained, long icebergBytes) {}

  public void insert(Connection connection, long productId, MetricsSample sample, String consumerGroupsJson) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO metrics_sample (product_id, sampled_at, interval_seconds, records_in, records_out, records_rejected,"
            + " bytes_to_topic, bytes_to_table, cpu_seconds, kafka_bytes_in, kafka_bytes_out, kafka_bytes_retained, iceberg_bytes,"
            + " newest_event_time, consumer_groups) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb)")) {
      insert.setLong(1, productId);
      insert.setTimestamp(2, Timestamp.from(Instants.parseOrNull(sample.timestamp())));
      insert.setLong(3, sample.intervalSeconds());
      insert.setLong(4, sample.recordsIn());
      insert.setLong(5, sample.recordsOut());
      insert.setLong(6, sample.recordsRejected());
      insert.setLong(7, sample.bytesToTopic());
      insert.setLong(8, sample.bytesToTable());
      insert.setBigDecimal(9, sample.cpuSeconds());
      insert.setLong(10, sample.kafkaBytesIn());
      insert.setLong(11, sample.kafkaBytesOut());
      insert.setLong(12, sample.kafkaBytesRetained());
      insert.setLong(13, sample.icebergBytes());
      insert.setTimestamp(14, sample.newestEventTime() == null ? null : Timestamp.from(Instants.parseOrNull(sample.newestEventTime())));
      insert.setString(15, consumerGroupsJson);
      insert.executeUpdate();
    }
  }

  /** Samples with {@code from < sampled_at <= to}. */
  public Totals totals(Connection connection, long productId, Instant from, Instant to) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT count(*), coalesce(sum(records_in), 0), coalesce(sum(records_out), 0), coalesce(sum(records_rejected), 0),"
            + " coalesce(sum(bytes_to_topic), 0), coalesce(sum(bytes_to_table), 0),"
            + " (SELECT max(sampled_at) FROM metrics_sample WHERE product_id = ?),"
            + " (SELECT max(newest_event_time) FROM metrics_sample WHERE product_id = ?),"
            + " (SELECT consumer_groups::text FROM metrics_sample WHERE product_id = ? ORDER BY sampled_at DESC, id DESC LIMIT 1)"
            + " FROM metrics_sample WHERE product_id = ? AND sampled_at > ? AND sampled_at <= ?")) {
      select.setLong(1, productId);
      select.setLong(2, productId);
      select.setLong(3, productId);
      select.setLong(4, productId);
      select.setTimestamp(5, Timestamp.from(from));
      select.setTimestamp(6, Timestamp.from(to));
      try (ResultSet row = select.executeQuery()) {
        row.next();
        Timestamp last = row.getTimestamp(7);
        Timestamp newest = row.getTimestamp(8);
        return new Totals(row.getLong(1), row.getLong(2), row.getLong(3), row.getLong(4), row.getLong(5), row.getLong(6),
            last == null ? null : last.toInstant(), newest == null ? null : newest.toInstant(), row.getString(9));
      }
    }
  }

  /**
   * For each consumer group the product's samples since {@code since} name with active members, the newest such sample:
   * when the group was last seen reading (samples the runtime reported without members count as unknown).
   */
  public java.util.Map<String, Instant> lastActive(Connection connection, long productId, Instant since) throws SQLException {
    java.util.Map<String, Instant> lastActive = new java.util.TreeMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT g->>'group', max(s.sampled_at) FROM metrics_sample s CROSS JOIN LATERAL jsonb_array_elements(s.consumer_groups) g"
            + " WHERE s.product_id = ? AND s.sampled_at > ? AND (g->>'members')::int > 0 GROUP BY 1")) {
      select.setLong(1, productId);
      select.setTimestamp(2, Timestamp.from(since));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          lastActive.put(rows.getString(1), rows.getTimestamp(2).toInstant());
        }
      }
    }
    return lastActive;
  }

  /** Every sample of every product with {@code from < sampled_at <= to}. */
  public List<CostSample> costSamples(Connection connection, Instant from, Instant to) throws SQLException {
    List<CostSample> samples = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT p.domain, p.name, p.cost_center, s.interval_seconds, s.cpu_seconds, s.kafka_bytes_in, s.kafka_bytes_out,"
            + " s.kafka_bytes_retained, s.iceberg_bytes FROM metrics_sample s JOIN product p ON p.id = s.product_id"
            + " WHERE s.sampled_at > ? AND s.sampled_at <= ? ORDER BY s.id")) {
      select.setTimestamp(1, Timestamp.from(from));
      select.setTimestamp(2, Timestamp.from(to));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          samples.add(new CostSample(rows.getString(1), rows.getString(2), rows.getString(3), rows.getLong(4), rows.getBigDecimal(5),
              rows.getLong(6), rows.getLong(7), rows.getLong(8), rows.getLong(9)));
        }
      }
    }
    return samples;
  }
}
