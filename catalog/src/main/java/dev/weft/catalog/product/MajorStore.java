package dev.weft.catalog.product;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A product's major versions: each publishes to its own topic and table, runs until it is retired,
 * and once retired takes no new versions.
 */
public final class MajorStore {


  public record Retirement(Instant retiredAt, String reason) {}

  public Optional<Retirement> retirement(Connection connection, long productId, long major) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT retired_at, reason FROM major_retirement WHERE product_id = ? AND major = ?")) {
      select.setLong(1, productId);
      select.setLong(2, major);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? Optional.of(new Retirement(row.getTimestamp(1).toInstant(), row.getString(2))) : Optional.empty();
      }
    }
  }

  /** @return false if it was retired before (the first retirement stands) */
  public boolean retire(Connection connection, long productId, long major, String reason, Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO major_retirement (product_id, major, retired_at, reason) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
      insert.setLong(1, productId);
      insert.setLong(2, major);
      insert.setTimestamp(3, Timestamp.from(now));
      insert.setString(4, reason);
      return insert.executeUpdate() == 1;
    }
  }

  /** Every major registered, lowest first, with its highest version; one query for all their retirements. */
  public List<Major> majors(Connection connection, long productId, List<ProductStore.VersionEntry> versions) throws SQLException {
    TreeMap<Long, String> latest = new TreeMap<>();
    for (ProductStore.VersionEntry entry : versions) {
      latest.merge(SemanticVersion.major(entry.version()), entry.version(), (a, b) -> SemanticVersion.compare(a, b) >= 0 ? a : b);
    }
    Map<Long, Retirement> retired = new HashMap<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT major, retired_at, reason FROM major_retirement WHERE product_id = ?")) {
      select.setLong(1, productId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          retired.put(rows.getLong(1), new Retirement(rows.getTimestamp(2).toInstant(), rows.getString(3)));
        }
      }
    }
    List<Major> majors = new ArrayList<>();
    for (var entry : latest.entrySet()) {
      Retirement retirement = retired.get(entry.getKey());
      majors.add(new Major(entry.getKey(), entry.getValue(), retirement == null ? null : retirement.retiredAt(),
          retirement == null ? null : retirement.reason()));
    }
    return majors;
  }

  /**
   * Products (by their current version) with an input that reads {@code major} of {@code upstream}:
   * {@code domain.name@major}, or {@code domain.name} without a major.
   */
  public List<ProductRef> readers(Connection connection, ProductRef upstream, long major) throws SQLException {
    List<ProductRef> readers = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT DISTINCT p.domain, p.name FROM product_input i JOIN product p ON p.id = i.product_id"
            + " WHERE i.upstream_domain = ? AND i.upstream_name = ? AND i.kind = 'product' AND (i.source = ? OR i.source = ?)"
            + " ORDER BY p.domain, p.name")) {
      select.setString(1, upstream.domain());
      select.setString(2, upstream.name());
      select.setString(3, upstream + "@" + major);
      select.setString(4, upstream.toString());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          readers.add(new ProductRef(rows.getString(1), rows.getString(2)));
        }
      }
    }
    return readers;
  }
}
