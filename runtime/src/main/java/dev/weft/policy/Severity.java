package dev.weft.policy;

/** What a violated policy does: {@code error} refuses the spec, {@code warn} only reports. */
public enum Severity {
  ERROR,
  WARN;

  public String specValue() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
