package dev.weft.plan;

/**
 * How a CDC input is captured. Connection values keep their {@code ${env:…}}/{@code ${secret:…}}
 * references: they are resolved only when the product runs.
 *
 * @param table {@code schema.table}
 * @param slotName the replication slot (and publication) owned by this product's input
 */
public record CdcPlan(String connector, String url, String table, String username, String password, String slotName) {

  /** The origin name records of this input carry, and the key of its position in table commits. */
  public String originName() {
    return connector + ":" + table;
  }
}
