package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import java.util.List;

/**
 * What a streaming {@link ProductSession} has run on schedule beside its products: batch products
 * on their cron and the maintenance of every product's table. The scheduler starts batch runs
 * through a runner, so it stands above this package and the session is handed it.
 */
public interface SessionSchedules {

  /** Starts scheduling for a session of {@code plans}; scheduled runs are told to {@code listener}. */
  Running start(List<ProductPlan> plans, ProductRunListener listener) throws SchedulingException;

  /** Scheduling for one session; closing it stops the scheduler (the schedules stay stored). */
  interface Running extends AutoCloseable {
    /** Schedules a batch product's runs on its cron. */
    void scheduleBatch(ProductPlan plan) throws SchedulingException;

    /** Schedules the maintenance of the product's table; returns what runs how often ({@code compact every 1h, …}). */
    String scheduleMaintenance(ProductPlan plan) throws SchedulingException;

    @Override
    void close() throws SchedulingException;
  }

  /** The scheduler could not store a schedule or did not stop cleanly. */
  final class SchedulingException extends Exception {
    private static final long serialVersionUID = 1L;

    public SchedulingException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
