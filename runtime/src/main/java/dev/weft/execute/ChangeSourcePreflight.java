package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.jobs.source.cdc.MySqlTable;
import dev.weft.jobs.source.cdc.PostgresTable;

/** Checks a CDC input's database before its product starts; see {@link PostgresPreflight} and {@link MySqlPreflight}. */
public final class ChangeSourcePreflight {
  private ChangeSourcePreflight() {}

  /** @throws ChangeSourceException with what is wrong and what to change */
  public static void check(ProductPlan plan, String input, CapturedTable table) {
    if (table instanceof MySqlTable mysql) {
      MySqlPreflight.check(plan, plan.input(input), mysql);
    } else {
      PostgresPreflight.check(plan, plan.input(input), (PostgresTable) table);
    }
  }
}
