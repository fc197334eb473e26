package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import java.util.List;

/**
 * Told what happens to the products of a session, so that something outside the runner (the
 * catalog) can follow them. Implementations must not let their own trouble stop a product, except
 * in {@link #submitting}, whose refusal means no product is started.
 */
public interface ProductRunListener {
  /** Does nothing: for sessions that report to no one. */
  ProductRunListener NONE = new ProductRunListener() {};

  /**
   * Before any of the plans is started.
   *
   * @throws ProductRefusedException when the products must not be started, with the reason
   */
  default void submitting(List<ProductPlan> plans) {}

  /** The product's Flink job has been submitted. */
  default void started(RunningProduct product) {}

  /** A bounded run (until idle, a batch run) has ended after committing all it read. */
  default void finished(RunningProduct product) {}

  /** A streaming product was stopped (Ctrl-C) before it ended by itself; it resumes from its last checkpoint. */
  default void stopped(RunningProduct product) {}

  /** The product's job failed; {@code reason} is what the user is told. */
  default void failed(RunningProduct product, String reason) {}

  /** The product's job failed and restarted from its last checkpoint (once per restart, when it runs again). */
  default void restarted(RunningProduct product, JobRestarts restarts) {}

  /** A run of the product's scheduled work (batch run, backfill window, maintenance task) was recorded in the run history. */
  default void recorded(ScheduledRun run) {}

  /**
   * Why the product's major was retired, once it has been (the session then stops it); asked while
   * the product streams.
   */
  default java.util.Optional<String> retired(ProductPlan plan) {
    return java.util.Optional.empty();
  }

  /** A session's products must not be started; the message says why. */
  final class ProductRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ProductRefusedException(String message) {
      super(message);
    }
  }
}
