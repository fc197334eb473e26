package dev.weft.execute;

/** A product was to start while another writer holds its lease: refused before anything of it is touched. */
public final class ProductAlreadyRunningException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public ProductAlreadyRunningException(String product, LeaseHolder holder) {
    super("product " + product + " is already running as " + holder.describe()
        + "; stop it there first (a second writer would abort its Kafka transactions and lose records from the topic)");
  }

  /** @param message which product runs where, and what to do */
  public ProductAlreadyRunningException(String message) {
    super(message);
  }
}
