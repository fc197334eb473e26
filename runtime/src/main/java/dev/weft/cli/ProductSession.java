package dev.weft.cli;

import dev.weft.compile.ProductPlan;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.RunningProduct.ProductFailedException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeoutException;

/**
 * Runs a set of products on a runner: until their inputs are drained (one after the other,
 * upstream first) or as streams until interrupted. Tells the user where everything is.
 */
final class ProductSession {
  /** How long one product may take to drain its inputs in --until-idle mode. */
  static final Duration UNTIL_IDLE_TIMEOUT = Duration.ofHours(2);

  private final ProductRunner runner;
  private final PrintWriter out;

  ProductSession(ProductRunner runner, PrintWriter out) {
    this.runner = runner;
    this.out = out;
  }

  int run(List<ProductPlan> plans, boolean untilIdle) throws InterruptedException {
    runner.provision(plans);
    if (untilIdle) {
      for (ProductPlan plan : plans) {
        out.println("running " + plan.product() + " until its inputs are drained …");
        out.flush();
        try {
          runner.start(plan, true, Optional.empty()).awaitFinished(UNTIL_IDLE_TIMEOUT);
        } catch (ProductFailedException e) {
          out.println(e.getMessage());
          return 1;
        } catch (TimeoutException e) {
          out.println("product " + plan.product() + " did not drain its inputs within " + UNTIL_IDLE_TIMEOUT);
          return 1;
        }
        new ProductStatus(runner).print(plan, out);
      }
      return 0;
    }
    List<RunningProduct> running = new ArrayList<>();
    for (ProductPlan plan : plans) {
      running.add(runner.start(plan, false, Optional.empty()));
      new ProductStatus(runner).printLocations(plan, out);
    }
    out.println("products are running; Ctrl-C stops them (each resumes where it stopped next time)");
    out.flush();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      running.forEach(RunningProduct::cancel);
      stopped.countDown();
    }));
    for (RunningProduct product : running) {
      try {
        product.awaitFinished(Duration.ofDays(3650));
      } catch (ProductFailedException e) {
        out.println(e.getMessage());
        out.flush();
        running.forEach(RunningProduct::cancel);
        return 1;
      } catch (TimeoutException e) {
        break;
      }
    }
    stopped.await();
    return 0;
  }
}
