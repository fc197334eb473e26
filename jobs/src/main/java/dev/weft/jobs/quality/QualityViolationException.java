package dev.weft.jobs.quality;

/** Thrown for a record that broke a rule of a product whose {@code onViolation} is {@code fail}. */
public class QualityViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QualityViolationException(String message) {
    super(message);
  }
}
