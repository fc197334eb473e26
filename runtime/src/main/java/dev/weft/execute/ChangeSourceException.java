package dev.weft.execute;

/** A CDC input cannot be read as declared: the message says what is wrong and what to change. */
public final class ChangeSourceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChangeSourceException(String message) {
    super(message);
  }

  public ChangeSourceException(String message, Throwable cause) {
    super(message, cause);
  }
}
