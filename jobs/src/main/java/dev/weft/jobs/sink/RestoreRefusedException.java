package dev.weft.jobs.sink;

import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * A product refused to start from a checkpoint or savepoint whose input position is behind what
 * its Iceberg table already holds: restoring would publish records twice. A restart would restore
 * the same state, so the product stops without restarting.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class RestoreRefusedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public RestoreRefusedException(String message) {
    super(message);
  }
}
