package dev.weft.jobs.sink;

/**
 * A product refused to start from a checkpoint or savepoint whose input position is behind what
 * its Iceberg table already holds: restoring would publish records twice.
 */
public class RestoreRefusedException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public RestoreRefusedException(String message) {
    super(message);
  }
}
