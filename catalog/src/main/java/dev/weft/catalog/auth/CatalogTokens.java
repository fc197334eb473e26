package dev.weft.catalog.auth;

import dev.weft.catalog.Refusal;
import dev.weft.catalog.product.ProductRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Domain tokens in PostgreSQL. A token is 256 random bits; only its SHA-256 is stored, so the table
 * leaks no usable token. (A slow KDF buys nothing for a secret with that much entropy: nobody can
 * guess through 2^256 candidates, slowly or fast.) Lookups go by the hash, and the hash found is
 * compared again in constant time.
 */
public final class CatalogTokens {
  /** Tokens start with this, so a leaked one is recognisable in logs and by secret scanners. */
  public static final String PREFIX = "wct_";
  private static final SecureRandom RANDOM = new SecureRandom();

  /** One token as listed: never its secret, which only {@link #create} returns, once. */
  public record TokenInfo(long id, String domain, Instant createdAt, Instant revokedAt) {}

  /** A token just made: the secret is shown to the admin this once. */
  public record NewToken(TokenInfo info, String token) {}

  public NewToken create(Connection connection, String domain, Instant now) throws SQLException {
    // a domain as products name it: a token for any other name could act on nothing
    if (!ProductRef.isName(domain)) {
      throw Refusal.invalid("domain: must be " + ProductRef.NAME_RULE + ", was "
          + (domain == null ? "missing" : "'" + domain + "'"));
    }
    byte[] secret = new byte[32];
    RANDOM.nextBytes(secret);
    String token = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO catalog_token (domain, token_sha256, created_at) VALUES (?, ?, ?) RETURNING id")) {
      insert.setString(1, domain);
      insert.setString(2, sha256(token));
      insert.setTimestamp(3, Timestamp.from(now));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return new NewToken(new TokenInfo(row.getLong(1), domain, now, null), token);
      }
    }
  }

  public List<TokenInfo> list(Connection connection) throws SQLException {
    List<TokenInfo> tokens = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, domain, created_at, revoked_at FROM catalog_token ORDER BY id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        tokens.add(info(rows));
      }
    }
    return tokens;
  }

  /** Revokes a token; revoking it again changes nothing. @return the token as it is now */
  public TokenInfo revoke(Connection connection, long id, Instant now) throws SQLException {
    try (PreparedStatement update = connection.prepareStatement(
        "UPDATE catalog_token SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ? RETURNING id, domain, created_at, revoked_at")) {
      update.setTimestamp(1, Timestamp.from(now));
      update.setLong(2, id);
      try (ResultSet row = update.executeQuery()) {
        if (!row.next()) {
          throw Refusal.notFound("no catalog token has id " + id + " (weft catalog token list shows them)");
        }
        return info(row);
      }
    }
  }

  /** The caller a presented token stands for, if it is a known, unrevoked domain token. */
  public Optional<Caller> find(Connection connection, String token) throws SQLException {
    String hash = sha256(token);
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT id, domain, token_sha256 FROM catalog_token WHERE token_sha256 = ? AND revoked_at IS NULL")) {
      select.setString(1, hash);
      try (ResultSet row = select.executeQuery()) {
        if (row.next() && MessageDigest.isEqual(row.getString(3).getBytes(StandardCharsets.US_ASCII), hash.getBytes(StandardCharsets.US_ASCII))) {
          return Optional.of(Caller.domain(row.getString(2), row.getLong(1)));
        }
        return Optional.empty();
      }
    }
  }

  private static TokenInfo info(ResultSet row) throws SQLException {
    Timestamp revoked = row.getTimestamp(4);
    return new TokenInfo(row.getLong(1), row.getString(2), row.getTimestamp(3).toInstant(), revoked == null ? null : revoked.toInstant());
  }

  static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }
}
