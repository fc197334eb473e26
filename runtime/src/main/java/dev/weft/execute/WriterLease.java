package dev.weft.execute;

import java.util.function.BooleanSupplier;

/** A product's writer lease, held by this process for one run of the product ({@link WriterLeases}). */
public final class WriterLease {
  private final String product;
  private final LeaseHolder holder;
  private volatile BooleanSupplier running = () -> true; // held while its job is being started

  WriterLease(String product, LeaseHolder holder) {
    this.product = product;
    this.holder = holder;
  }

  /** From now on the lease is held while {@code running} says its job runs; it is given up once it says no. */
  public void watch(BooleanSupplier running) {
    this.running = running;
  }

  boolean running() {
    try {
      return running.getAsBoolean();
    } catch (RuntimeException gone) {
      return false; // its cluster no longer knows the job
    }
  }

  /** Whether its job ends within {@code grace} (at once when it has ended). */
  boolean endsWithin(java.time.Duration grace) {
    long deadline = System.nanoTime() + grace.toNanos();
    while (running()) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  public String product() {
    return product;
  }

  public LeaseHolder holder() {
    return holder;
  }
}
