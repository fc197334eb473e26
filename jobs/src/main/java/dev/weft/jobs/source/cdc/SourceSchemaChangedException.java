package dev.weft.jobs.source.cdc;

/** A column the product reads was dropped from its source table or changed its type there. */
public final class SourceSchemaChangedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SourceSchemaChangedException(String message) {
    super(message);
  }
}
