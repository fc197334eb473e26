package dev.weft.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for what a running job will make true; fails with what it waited for. */
public final class Eventually {
  private static final Duration PATIENCE = Duration.ofMinutes(3);

  private Eventually() {}

  public static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + PATIENCE.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + PATIENCE + " waiting for " + what);
      }
      Thread.sleep(250);
    }
  }
}
