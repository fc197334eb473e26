package dev.weft.catalog.product;

import dev.weft.catalog.Refusal;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.Input;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postgresql.PGStatement;

/** Products and their versions in PostgreSQL. Every statement is parameterized. */
public final class ProductStore {

  public enum Outcome { CREATED, NEW_VERSION, UNCHANGED }

  /** A product as stored: its current registration (its highest version). */
  public record StoredProduct(long id, String currentVersion, Instant firstRegisteredAt, Instant registeredAt, String registrationJson) {}

  public record VersionEntry(String version, Instant registeredAt) {}

  public record StoredVersion(String version, Instant registeredAt, String specYaml, String registrationJson) {}

  public record Summary(String domain, String name, String version, String owner, String description, List<String> tags) {}

  public record SearchQuery(String text, String domain, String owner, String tag, String column, int limit, int offset) {}

  /**
   * Records a version. The same version sent again with the same content changes nothing (a
   * product that is run twice registers twice); the same version with other content is refused. The
   * highest version (semver precedence) is the current one: registering an older version (a
   * backport) adds it to the history only.
   */
  public Outcome register(Connection connection, ProductRegistration registration, String registrationJson, Instant now)
      throws SQLException {
    Long id = null;
    String current = null;
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, current_version FROM product WHERE domain = ? AND name = ? FOR UPDATE")) {
      select.setString(1, registration.domain());
      select.setString(2, registration.name());
      try (ResultSet row = select.executeQuery()) {
        if (row.next()) {
          id = row.getLong(1);
          current = row.getString(2);
        }
      }
    }
    Outcome outcome = id == null ? Outcome.CREATED : Outcome.NEW_VERSION;
    if (id != null) {
      try (PreparedStatement existing = connection.prepareStatement(
          "SELECT registration::text = ?::jsonb::text FROM product_version WHERE product_id = ? AND version = ?")) {
        existing.setString(1, registrationJson);
        existing.setLong(2, id);
        existing.setString(3, registration.version());
        try (ResultSet row = existing.executeQuery()) {
          if (row.next()) {
            if (row.getBoolean(1)) {
              return Outcome.UNCHANGED;
            }
            throw Refusal.conflict("product " + registration.qualifiedName() + " version " + registration.version()
                + " is already registered with other content; a changed product needs a new version");
          }
        }
      }
    }
    boolean becomesCurrent = current == null || SemanticVersion.compare(registration.version(), current) > 0;
    if (id == null) {
      id = insertProduct(connection, registration, now);
    } else if (becomesCurrent) {
      updateProduct(connection, id, registration, now);
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO product_version (product_id, version, registered_at, spec_yaml, registration) VALUES (?, ?, ?, ?, ?::jsonb)")) {
      insert.setLong(1, id);
      insert.setString(2, registration.version());
      insert.setTimestamp(3, Timestamp.from(now));
      insert.setString(4, registration.specYaml());
      insert.setString(5, registrationJson);
      insert.executeUpdate();
    }
    if (becomesCurrent) {
      replaceDetails(connection, id, registration);
    }
    return outcome;
  }

  private static long insertProduct(Connection connection, ProductRegistration registration, Instant now) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO product (domain, name, current_version, owner, description, cost_center, first_registered_at, registered_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id")) {
      insert.setString(1, registration.domain());
      insert.setString(2, registration.name());
      insert.setString(3, registration.version());
      insert.setString(4, registration.owner());
      insert.setString(5, registration.description());
      insert.setString(6, registration.costCenter());
      insert.setTimestamp(7, Timestamp.from(now));
      insert.setTimestamp(8, Timestamp.from(now));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  private static void updateProduct(Connection connection, long id, ProductRegistration registration, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE product SET current_version = ?, owner = ?, description = ?, cost_center = ?, registered_at = ? WHERE id = ?")) {
      update.setString(1, registration.version());
      update.setString(2, registration.owner());
      update.setString(3, registration.description());
      update.setString(4, registration.costCenter());
      update.setTimestamp(5, Timestamp.from(now));
      update.setLong(6, id);
      update.executeUpdate();
    }
  }

  /** Tags, columns and inputs are searched by the current version's values only. */
  private static void replaceDetails(Connection connection, long id, ProductRegistration registration) throws SQLException {
    for (String table : List.of("product_tag", "product_column", "product_input")) {
      try (PreparedStatement delete = connection.prepareStatement("DELETE FROM " + table + " WHERE product_id = ?")) {
        delete.setLong(1, id);
        delete.executeUpdate();
      }
    }
    try (PreparedStatement insert = connection.prepareStatement("INSERT INTO product_tag (product_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
      for (String tag : registration.tags()) {
        insert.setLong(1, id);
        insert.setString(2, tag);
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO product_column (product_id, position, name, type, description, pii, product_domain, product_name)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
      List<Column> columns = registration.schema().columns();
      for (int i = 0; i < columns.size(); i++) {
        insert.setLong(1, id);
        insert.setInt(2, i);
        insert.setString(3, columns.get(i).name());
        insert.setString(4, columns.get(i).type());
        insert.setString(5, columns.get(i).description());
        insert.setBoolean(6, columns.get(i).pii());
        insert.setString(7, registration.domain());
        insert.setString(8, registration.name());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO product_input (product_id, position, name, kind, source, upstream_domain, upstream_name) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      List<Input> inputs = registration.inputs();
      for (int i = 0; i < inputs.size(); i++) {
        Input input = inputs.get(i);
        ProductRef upstream = "product".equals(input.kind()) ? ProductRef.parseOrNull(input.source()) : null;
        insert.setLong(1, id);
        insert.setInt(2, i);
        insert.setString(3, input.name());
        insert.setString(4, input.kind());
        insert.setString(5, input.source());
        insert.setString(6, upstream == null ? null : upstream.domain());
        insert.setString(7, upstream == null ? null : upstream.name());
        insert.addBatch();
      }
      insert.executeBatch();
    }
    List<String> searchable = new ArrayList<>(List.of(registration.domain(), registration.name(), registration.description(), registration.owner()));
    searchable.addAll(registration.tags());
    for (Column column : registration.schema().columns()) {
      searchable.add(column.name());
      searchable.add(column.description());
    }
    try (PreparedStatement update = connection.prepareStatement("UPDATE product SET search = to_tsvector('simple', ?) WHERE id = ?")) {
      update.setString(1, SearchText.document(searchable));
      update.setLong(2, id);
      update.executeUpdate();
    }
  }

  public Optional<StoredProduct> find(Connection connection, ProductRef ref) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT p.id, p.current_version, p.first_registered_at, p.registered_at, v.registration::text"
            + " FROM product p JOIN product_version v ON v.product_id = p.id AND v.version = p.current_version"
            + " WHERE p.domain = ? AND p.name = ?")) {
      select.setString(1, ref.domain());
      select.setString(2, ref.name());
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredProduct(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(),
            row.getTimestamp(4).toInstant(), row.getString(5)));
      }
    }
  }

  /** The product, or a 404 that names it. */
  public StoredProduct require(Connection connection, ProductRef ref) throws SQLException {
    return find(connection, ref).orElseThrow(() -> Refusal.notFound("no product " + ref + " is registered"));
  }

  public List<VersionEntry> versions(Connection connection, long productId) throws SQLException {
    List<VersionEntry> versions = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT version, registered_at FROM product_version WHERE product_id = ? ORDER BY seq")) {
      select.setLong(1, productId);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          versions.add(new VersionEntry(rows.getString(1), rows.getTimestamp(2).toInstant()));
        }
      }
    }
    return versions;
  }

  public Optional<StoredVersion> version(Connection connection, long productId, String version) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT version, registered_at, spec_yaml, registration::text FROM product_version WHERE product_id = ? AND version = ?")) {
      select.setLong(1, productId);
      select.setString(2, version);
      try (ResultSet row = select.executeQuery()) {
        if (!row.next()) {
          return Optional.empty();
        }
        return Optional.of(new StoredVersion(row.getString(1), row.getTimestamp(2).toInstant(), row.getString(3), row.getString(4)));
      }
    }
  }

  /**
   * The version a new one is checked against: the highest registered version of the same major
   * that precedes it.
   */
  public Optional<StoredVersion> predecessor(Connection connection, long productId, String version) throws SQLException {
    Optional<String> previous = SemanticVersion.predecessor(versions(connection, productId).stream().map(VersionEntry::version).toList(), version);
    return previous.isEmpty() ? Optional.empty() : version(connection, productId, previous.get());
  }

  /**
   * The version registered after a new {@code version} in its major, which must stay compatible
   * with it: the lowest registered version of the same major that follows it.
   */
  public Optional<StoredVersion> successor(Connection connection, long productId, String version) throws SQLException {
    Optional<String> next = SemanticVersion.successor(versions(connection, productId).stream().map(VersionEntry::version).toList(), version);
    return next.isEmpty() ? Optional.empty() : version(connection, productId, next.get());
  }

  /** Products whose inputs name {@code upstream}: the edges out of it. */
  public List<ProductRef> downstream(Connection connection, ProductRef upstream) throws SQLException {
    List<ProductRef> products = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT DISTINCT p.domain, p.name FROM product_input i JOIN product p ON p.id = i.product_id"
            + " WHERE i.upstream_domain = ? AND i.upstream_name = ? ORDER BY p.domain, p.name")) {
      select.setString(1, upstream.domain());
      select.setString(2, upstream.name());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          products.add(new ProductRef(rows.getString(1), rows.getString(2)));
        }
      }
    }
    return products;
  }

  /**
   * The current registrations (JSON as stored) of the products whose inputs name {@code upstream},
   * by domain and name: one statement, however many read it.
   */
  public List<String> downstreamRegistrations(Connection connection, ProductRef upstream) throws SQLException {
    List<String> registrations = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT v.registration::text FROM product p JOIN product_version v ON v.product_id = p.id AND v.version = p.current_version"
            + " WHERE p.id IN (SELECT i.product_id FROM product_input i WHERE i.upstream_domain = ? AND i.upstream_name = ?)"
            + " ORDER BY p.domain, p.name")) {
      select.setString(1, upstream.domain());
      select.setString(2, upstream.name());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          registrations.add(rows.getString(1));
        }
      }
    }
    return registrations;
  }

  /**
   * Free text matches words of the qualified name, description, owner, tags and column names and
   * descriptions ({@link SearchText}), through the GIN index on {@code product.search}; the other
   * filters are exact (column: any case).
   */
  public List<Summary> search(Connection connection, SearchQuery query) throws SQLException {
    // tags come with each row (one statement per search, not one more per product found)
    String columns = "p.id, p.domain, p.name, p.current_version, p.owner, p.description,"
        + " ARRAY(SELECT t.tag FROM product_tag t WHERE t.product_id = p.id ORDER BY t.tag)";
    // a search by column walks the column index in (domain, product name) order and stops after the page;
    // DISTINCT ON: two columns of one product may differ only in case
    boolean byColumn = query.column() != null;
    boolean textGiven = query.text() != null && !query.text().isBlank();
    if (byColumn && query.owner() == null && query.tag() == null && !textGiven) {
      return columnPage(connection, query, columns);
    }
    StringBuilder sql = new StringBuilder(byColumn
        ? "SELECT DISTINCT ON (c.product_domain, c.product_name) " + columns
            + " FROM product_column c JOIN product p ON p.id = c.product_id WHERE lower(c.name) = lower(?)"
        : "SELECT " + columns + " FROM product p WHERE TRUE");
    List<Object> parameters = new ArrayList<>();
    if (byColumn) {
      parameters.add(query.column());
    }
    if (query.domain() != null) {
      sql.append(byColumn ? " AND c.product_domain = ?" : " AND p.domain = ?");
      parameters.add(query.domain());
    }
    if (query.owner() != null) {
      sql.append(" AND p.owner = ?");
      parameters.add(query.owner());
    }
    if (query.tag() != null) {
      sql.append(" AND EXISTS (SELECT 1 FROM product_tag t WHERE t.product_id = p.id AND t.tag = ?)");
      parameters.add(query.tag());
    }
    if (textGiven) {
      String words = SearchText.query(query.text());
      if (words == null) {
        return List.of();
      }
      sql.append(" AND p.search @@ to_tsquery('simple', ?)");
      parameters.add(words);
    }
    sql.append(byColumn ? " ORDER BY c.product_domain, c.product_name" : " ORDER BY p.domain, p.name").append(" LIMIT ? OFFSET ?");
    parameters.add(query.limit());
    parameters.add(query.offset());
    return summaries(connection, sql.toString(), parameters);
  }

  /**
   * A search by column (and domain) alone: the page is cut from the column index before any product
   * is read, so a search reads the products it returns and no others, whatever plan PostgreSQL
   * picks for the index (its estimate for a column within a domain assumes the two independent, and
   * with an estimate of a few rows it fetched and sorted every product with the column first).
   */
  private static List<Summary> columnPage(Connection connection, SearchQuery query, String columns) throws SQLException {
    List<Object> parameters = new ArrayList<>(List.of(query.column()));
    String domain = "";
    if (query.domain() != null) {
      domain = " AND product_domain = ?";
      parameters.add(query.domain());
    }
    parameters.add(query.limit());
    parameters.add(query.offset());
    return summaries(connection, "SELECT " + columns + " FROM (SELECT DISTINCT ON (product_domain, product_name) product_id,"
        + " product_domain, product_name FROM product_column WHERE lower(name) = lower(?)" + domain
        + " ORDER BY product_domain, product_name LIMIT ? OFFSET ?) page JOIN product p ON p.id = page.product_id"
        + " ORDER BY page.product_domain, page.product_name", parameters);
  }

  private static List<Summary> summaries(Connection connection, String sql, List<Object> parameters) throws SQLException {
    List<Summary> products = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(sql)) {
      // planned for its values every time: how many products a word, domain or column selects differs
      // by orders of magnitude, and the generic plan PostgreSQL switches to after five runs of a
      // server-prepared statement walked a whole domain in name order for a rare column (EXPLAIN at
      // 10,000 products: 77 ms instead of under 1 ms)
      select.unwrap(PGStatement.class).setPrepareThreshold(0);
      for (int i = 0; i < parameters.size(); i++) {
        select.setObject(i + 1, parameters.get(i));
      }
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          products.add(new Summary(rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5), rows.getString(6),
              List.of((String[]) rows.getArray(7).getArray())));
        }
      }
    }
    return products;
  }
}
