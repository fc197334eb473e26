package dev.weft.schedule;

/** Runs a batch product once, now: what the scheduler does at each of its cron times. */
@FunctionalInterface
public interface BatchRuns {
  /** None here: a scheduler that only maintains tables. */
  BatchRuns NONE = product -> {
    throw new IllegalStateException("product " + product + " is a batch product, but this Weft runs no batch products");
  };

  /** @return how many rows the run wrote to the product's table */
  long run(String product) throws Exception;
}
