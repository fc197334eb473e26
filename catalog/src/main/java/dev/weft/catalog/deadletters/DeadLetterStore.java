package dev.weft.catalog.deadletters;

import dev.weft.catalog.health.DeadLetterReport;
import dev.weft.catalog.health.Instants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dead letters per product as the runtime reports them: counts per rule over time, and the latest letters of each rule. */
public final class DeadLetterStore {

  /** Letters of one rule in the bucket that starts at {@code at}. */
  public record RuleCount(Instant at, String rule, long letters) {}

  public record StoredLetter(String rule, String reason, Instant failedAt, String source, String record) {}

  /** Stores a report and keeps only the {@value DeadLetterReport#LATEST_PER_RULE} newest letters of each rule it names. */
  public void insert(Connection connection, long productId, DeadLetterReport report) throws SQLException {
    Timestamp at = Timestamp.from(Instants.parseOrNull(report.timestamp()));
    try (PreparedStatement count = connection.prepareStatement(
        "INSERT INTO dead_letter_count (product_id, reported_at, rule, letters) VALUES (?, ?, ?, ?)")) {
      for (Map.Entry<String, Long> rule : report.counts().entrySet()) {
        count.setLong(1, productId);
        count.setTimestamp(2, at);
        count.setString(3, rule.getKey());
        count.setLong(4, rule.getValue());
        count.addBatch();
      }
      count.executeBatch();
    }
    try (PreparedStatement letter = connection.prepareStatement(
        "INSERT INTO dead_letter (product_id, rule, reason, failed_at, source, record) VALUES (?, ?, ?, ?, ?, ?)")) {
      for (DeadLetterReport.Letter sent : report.latest()) {
        letter.setLong(1, productId);
        letter.setString(2, sent.rule());
        letter.setString(3, sent.reason());
        letter.setTimestamp(4, Timestamp.from(Instants.parseOrNull(sent.failedAt())));
        letter.setString(5, sent.source());
        letter.setString(6, sent.record());
        letter.addBatch();
      }
      letter.executeBatch();
    }
    try (PreparedStatement prune = connection.prepareStatement(
        "DELETE FROM dead_letter d WHERE d.product_id = ? AND d.id NOT IN (SELECT k.id FROM dead_letter k"
            + " WHERE k.product_id = d.product_id AND k.rule = d.rule ORDER BY k.failed_at DESC, k.id DESC LIMIT ?)")) {
      prune.setLong(1, productId);
      prune.setInt(2, DeadLetterReport.LATEST_PER_RULE);
      prune.executeUpdate();
    }
  }

  /** Letters per rule and bucket with {@code from < reported_at <= to}, by rule and then time. */
  public List<RuleCount> counts(Connection connection, long productId, Instant from, Instant to, Duration bucket) throws SQLException {
    List<RuleCount> counts = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT date_bin(make_interval(secs => ?), reported_at, ?), rule, sum(letters) FROM dead_letter_count"
            + " WHERE product_id = ? AND reported_at > ? AND reported_at <= ? GROUP BY 1, 2 ORDER BY 2, 1")) {
      select.setLong(1, bucket.getSeconds());
      select.setTimestamp(2, Timestamp.from(from));
      select.setLong(3, productId);
      select.setTimestamp(4, Timestamp.from(from));
      select.setTimestamp(5, Timestamp.from(to));
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          counts.add(new RuleCount(rows.getTimestamp(1).toInstant(), rows.getString(2), rows.getLong(3)));
        }
      }
    }
    return counts;
  }

  /** The kept letters, by rule and then newest first. */
  public List<StoredLetter> latest(Connection connection, long productId) throws SQLException {
    List<StoredLetter> letters = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT rule, reason, failed_at, source, record FROM dead_letter WHERE product_id = ? ORDER BY rule, failed_at DESC, id DESC")) {
      select.setLong(1, productId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          letters.add(new StoredLetter(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(), rows.getString(4),
              rows.getString(5)));
        }
      }
    }
    return letters;
  }
}
