package dev.weft.catalog.health;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A window of metrics samples in equal buckets, for the charts: a week of 10-second samples is
 * 60,480 rows per product, so PostgreSQL adds them up ({@code date_bin}) and the page draws one
 * point per bucket, placed at the bucket's last sample.
 */
public final class MetricsHistory {

  /**
   * One bucket of one product: counters summed, {@code freshnessSeconds} the worst of its samples
   * (sample time minus newest event time; null when no sample had one), storage the largest held.
   */
  public record Bucket(Instant at, long seconds, long recordsIn, long recordsOut, long recordsRejected, Long freshnessSeconds,
      long kafkaBytesRetained, long icebergBytes) {}

  /** The largest lag of one consumer group in a bucket. */
  public record Lag(Instant at, String group, long lag) {}

  /** What one product cost in a bucket, as quantities the price table prices. */
  public record Usage(Instant at, String domain, String product, BigDecimal cpuSeconds, BigDecimal storedByteSeconds,
      long transferredBytes) {}

  /** Buckets of one product with {@code from < sampled_at <= to}, oldest first. */
  public List<Bucket> buckets(Connection connection, long productId, Instant from, Instant to, Duration bucket) throws SQLException {
    List<Bucket> buckets = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT max(sampled_at), sum(interval_seconds), sum(records_in), sum(records_out), sum(records_rejected),"
            // greatest() passes over NULLs: a bucket without an event time must stay NULL, not become 0
            + " CASE WHEN count(newest_event_time) > 0 THEN greatest(0, max(extract(epoch FROM sampled_at - newest_event_time)))::bigint END,"
            + " max(kafka_bytes_retained), max(iceberg_bytes)"
            + " FROM metrics_sample WHERE product_id = ? AND sampled_at > ? AND sampled_at <= ?"
            + " GROUP BY date_bin(make_interval(secs => ?), sampled_at, ?) ORDER BY 1")) {
      select.setLong(1, productId);
      bindWindow(select, 2, from, to, bucket);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          Number freshness = (Number) rows.getObject(6);
          buckets.add(new Bucket(rows.getTimestamp(1).toInstant(), rows.getLong(2), rows.getLong(3), rows.getLong(4), rows.getLong(5),
              freshness == null ? null : freshness.longValue(), rows.getLong(7), rows.getLong(8)));
        }
      }
    }
    return buckets;
  }

  /** Per consumer group of one product's topic, its largest lag per bucket, by group and then time. */
  public List<Lag> lags(Connection connection, long productId, Instant from, Instant to, Duration bucket) throws SQLException {
    List<Lag> lags = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT max(s.sampled_at), g->>'group', max((g->>'lag')::bigint)"
            + " FROM metrics_sample s CROSS JOIN LATERAL jsonb_array_elements(s.consumer_groups) g"
            + " WHERE s.product_id = ? AND s.sampled_at > ? AND s.sampled_at <= ?"
            + " GROUP BY date_bin(make_interval(secs => ?), s.sampled_at, ?), g->>'group' ORDER BY 2, 1")) {
      select.setLong(1, productId);
      bindWindow(select, 2, from, to, bucket);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          lags.add(new Lag(rows.getTimestamp(1).toInstant(), rows.getString(2), rows.getLong(3)));
        }
      }
    }
    return lags;
  }

  /** What every product used per bucket ({@code at}: where the bucket starts), by time and then product. */
  public List<Usage> usage(Connection connection, Instant from, Instant to, Duration bucket) throws SQLException {
    List<Usage> usage = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT date_bin(make_interval(secs => ?), s.sampled_at, ?), p.domain, p.name, sum(s.cpu_seconds),"
            + " sum((s.kafka_bytes_retained + s.iceberg_bytes)::numeric * s.interval_seconds), sum(s.kafka_bytes_in + s.kafka_bytes_out)"
            + " FROM metrics_sample s JOIN product p ON p.id = s.product_id WHERE s.sampled_at > ? AND s.sampled_at <= ?"
            + " GROUP BY 1, 2, 3 ORDER BY 1, 2, 3")) {
      select.setLong(1, bucket.getSeconds());
      select.setTimestamp(2, Timestamp.from(from));
      select.setTimestamp(3, Timestamp.from(from));
      select.setTimestamp(4, Timestamp.from(to));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          usage.add(new Usage(rows.getTimestamp(1).toInstant(), rows.getString(2), rows.getString(3), rows.getBigDecimal(4),
              rows.getBigDecimal(5), rows.getLong(6)));
        }
      }
    }
    return usage;
  }

  /**
   * When the oldest sample began (its time less its interval) among those of one product up to
   * {@code to} (a product's first sample ever: found through its index), or, with {@code productId}
   * null, among every product's samples with {@code from < sampled_at <= to}.
   */
  public Optional<Instant> firstSampleStart(Connection connection, Long productId, Instant from, Instant to) throws SQLException {
    String sql = productId != null
        ? "SELECT sampled_at - make_interval(secs => interval_seconds) FROM metrics_sample WHERE product_id = ? AND sampled_at <= ?"
            + " ORDER BY sampled_at LIMIT 1"
        : "SELECT min(sampled_at - make_interval(secs => interval_seconds)) FROM metrics_sample WHERE sampled_at > ? AND sampled_at <= ?";
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      if (productId != null) {
        select.setLong(1, productId);
      } else {
        select.setTimestamp(1, Timestamp.from(from));
      }
      select.setTimestamp(2, Timestamp.from(to));
      try (ResultSet row = select.executeQuery()) {
        Timestamp first = row.next() ? row.getTimestamp(1) : null;
        return first == null ? Optional.empty() : Optional.of(first.toInstant());
      }
    }
  }

  private static void bindWindow(PreparedStatement select, int first, Instant from, Instant to, Duration bucket) throws SQLException {
    select.setTimestamp(first, Timestamp.from(from));
    select.setTimestamp(first + 1, Timestamp.from(to));
    select.setLong(first + 2, bucket.getSeconds());
    select.setTimestamp(first + 3, Timestamp.from(from));
  }
}
