package dev.weft.catalog.http;

/** A request the catalog refuses: answered as {@code {"error": message, "status": status}}. */
public final class ApiException extends RuntimeException {
  private final int status;

  public ApiException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }

  public static ApiException badRequest(String message) {
    return new ApiException(400, message);
  }

  public static ApiException notFound(String message) {
    return new ApiException(404, message);
  }
}
