package dev.weft.catalog.auth;

import dev.weft.catalog.Refusal;

/**
 * Who sent a request, as its bearer token says: nobody (no token), the admin (the catalog's own
 * token) or one domain (a token {@code weft catalog token create --domain D} made). Each write is
 * checked against the domain of the object it changes, never against the route alone.
 */
public record Caller(Kind kind, String domain, long tokenId) {

  public enum Kind { ANONYMOUS, ADMIN, DOMAIN }

  public static final Caller ANONYMOUS = new Caller(Kind.ANONYMOUS, null, 0);
  public static final Caller ADMIN = new Caller(Kind.ADMIN, null, 0);

  public static Caller domain(String domain, long tokenId) {
    return new Caller(Kind.DOMAIN, domain, tokenId);
  }

  public boolean isAnonymous() {
    return kind == Kind.ANONYMOUS;
  }

  /** Whether this caller may change what {@code owner} owns: the admin, or that domain's own token. */
  public boolean owns(String owner) {
    return kind == Kind.ADMIN || (kind == Kind.DOMAIN && domain.equals(owner));
  }

  /**
   * Refuses unless this caller may {@code action} something of {@code owner}.
   *
   * @param action what the request does, as a verb phrase ({@code "register products"})
   */
  public void requireOwner(String owner, String action) {
    if (!owns(owner)) {
      throw Refusal.forbidden(describe() + " may not " + action + " of domain '" + owner + "'; only a token of domain '" + owner
          + "' or the admin token may");
    }
  }

  /** Refuses unless this is the admin. */
  public void requireAdmin(String action) {
    if (kind != Kind.ADMIN) {
      throw Refusal.forbidden(describe() + " may not " + action + "; only the admin token may");
    }
  }

  /** How refusals name this caller. */
  public String describe() {
    return switch (kind) {
      case ANONYMOUS -> "a request without a token";
      case ADMIN -> "the admin token";
      case DOMAIN -> "the token of domain '" + domain + "'";
    };
  }
}
