package dev.weft.jobs.quality;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * Thrown for a record that broke a rule of a product whose {@code onViolation} is {@code fail}.
 * The same record breaks the rule again after a restart, so the product stops without restarting.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class QualityViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public QualityViolationException(String message) {
    super(message);
  }
}
