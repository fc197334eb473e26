package dev.weft.schedule;

import java.time.Instant;

/** Runs a batch product once, now: what the scheduler does at each of its cron times. */
@FunctionalInterface
public interface BatchRuns {
  /** None here: a scheduler that only maintains tables. */
  BatchRuns NONE = (product, at) -> {
    throw new IllegalStateException("product " + product + " is a batch product, but this Weft runs no batch products");
  };

  /**
   * @param at the cron time the run is for: it covers the window that ends there
   * @return how many rows the run wrote to the product's table
   */
  long run(String product, Instant at) throws Exception;
}
