package dev.weft.plan;

/**
 * A compiled quality rule: its name and the SQL boolean expression over the transform's output.
 * A record passes only where the expression is TRUE (FALSE and NULL both break it).
 */
public record RulePlan(String name, String sql, boolean implicit) {

  /** The rule every {@code nullable: false} column gets. */
  public static RulePlan notNull(String column) {
    return new RulePlan("not-null:" + column, "`" + column + "` IS NOT NULL", true);
  }
}
