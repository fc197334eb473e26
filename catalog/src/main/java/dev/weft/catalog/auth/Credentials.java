package dev.weft.catalog.auth;

import dev.weft.catalog.Refusal;
import dev.weft.catalog.storage.CatalogDatabase;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Turns a request's {@code Authorization} header into its {@link Caller}: the admin token given at
 * start (compared in constant time, by its hash, so its length leaks nothing either), else a domain
 * token from the database.
 */
public final class Credentials {
  private final byte[] adminHash;
  private final CatalogDatabase database;
  private final CatalogTokens tokens = new CatalogTokens();

  public Credentials(String adminToken, CatalogDatabase database) {
    this.adminHash = CatalogTokens.sha256(adminToken).getBytes(StandardCharsets.US_ASCII);
    this.database = database;
  }

  /**
   * @param authorization the header, or null
   * @return {@link Caller#ANONYMOUS} without the header
   * @throws Refusal unauthenticated when the header is there but names no known token
   */
  public Caller identify(String authorization) throws Exception {
    if (authorization == null) {
      return Caller.ANONYMOUS;
    }
    if (!authorization.startsWith("Bearer ")) {
      throw unknown();
    }
    String token = authorization.substring("Bearer ".length()).trim();
    if (MessageDigest.isEqual(adminHash, CatalogTokens.sha256(token).getBytes(StandardCharsets.US_ASCII))) {
      return Caller.ADMIN;
    }
    if (!token.startsWith(CatalogTokens.PREFIX)) {
      throw unknown();
    }
    return database.read(connection -> tokens.find(connection, token)).orElseThrow(Credentials::unknown);
  }

  private static Refusal unknown() {
    return Refusal.unauthenticated("the bearer token is not one this catalog knows (unknown or revoked); "
        + "an admin makes domain tokens with weft catalog token create --domain D");
  }
}
