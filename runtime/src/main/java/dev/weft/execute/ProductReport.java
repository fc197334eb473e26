package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import java.io.PrintWriter;

/** What a {@link ProductSession} shows the user of one product; the CLI decides how it looks. */
public interface ProductReport {
  /** Where the product publishes, when it starts. */
  void printLocations(ProductPlan plan, PrintWriter out);

  /** Where it publishes and what its outputs hold, after a run that drained its inputs. */
  void print(ProductPlan plan, PrintWriter out);
}
