package dev.weft.catalog;

/**
 * A request the catalog refuses, in the catalog's own terms: why ({@link Reason}) and a message that
 * names what was wrong and what to do. The HTTP layer maps each reason to a status in one place
 * ({@code dev.weft.catalog.http.Router#status}); the domain code never speaks HTTP.
 */
public final class Refusal extends RuntimeException {

  /** Why a request is refused. */
  public enum Reason {
    /** The request itself is malformed or names something impossible. */
    INVALID,
    /** No credentials, or credentials the catalog does not know. */
    UNAUTHENTICATED,
    /** Known credentials that may not do this to this object. */
    FORBIDDEN,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    /** It contradicts what the catalog holds: a retired major, a breaking change, a name another product owns. */
    CONFLICT,
    TOO_LARGE,
    /** Well-formed, but against the catalog's policies. */
    BREAKS_POLICY
  }

  private final Reason reason;

  public Refusal(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  public static Refusal invalid(String message) {
    return new Refusal(Reason.INVALID, message);
  }

  public static Refusal notFound(String message) {
    return new Refusal(Reason.NOT_FOUND, message);
  }

  public static Refusal conflict(String message) {
    return new Refusal(Reason.CONFLICT, message);
  }

  public static Refusal forbidden(String message) {
    return new Refusal(Reason.FORBIDDEN, message);
  }

  public static Refusal unauthenticated(String message) {
    return new Refusal(Reason.UNAUTHENTICATED, message);
  }

  public static Refusal breaksPolicy(String message) {
    return new Refusal(Reason.BREAKS_POLICY, message);
  }

  public static Refusal tooLarge(String message) {
    return new Refusal(Reason.TOO_LARGE, message);
  }

  public static Refusal methodNotAllowed(String message) {
    return new Refusal(Reason.METHOD_NOT_ALLOWED, message);
  }

  /** Stack traces of refusals are never logged or shown: the message is the whole story. */
  @Override
  public synchronized Throwable fillInStackTrace() {
    return this;
  }
}
