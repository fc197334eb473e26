package dev.weft.catalog.client;

/** The catalog refused a request (status 400–599) or could not be reached (status 0). */
public final class CatalogException extends RuntimeException {
  private final int status;

  public CatalogException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
