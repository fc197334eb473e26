package dev.weft.catalog.product;

import dev.weft.catalog.Refusal;
import java.util.regex.Pattern;

/** A product named as {@code domain.name}, optionally with {@code @major} as inputs name upstream products. */
public record ProductRef(String domain, String name) {
  private static final Pattern REF = Pattern.compile("([a-z0-9][a-z0-9_-]*)\\.([a-z0-9][a-z0-9_-]*)(@[0-9]+)?");

  /** The reference, or null if {@code text} is not of the form {@code domain.name[@major]}. */
  public static ProductRef parseOrNull(String text) {
    var matcher = text == null ? null : REF.matcher(text);
    if (matcher == null || !matcher.matches()) {
      return null;
    }
    return new ProductRef(matcher.group(1), matcher.group(2));
  }

  /** For query parameters: a bad reference is the caller's mistake. */
  public static ProductRef parseParameter(String parameter, String text) {
    if (text == null) {
      throw Refusal.invalid("query parameter '" + parameter + "' is required (domain.name)");
    }
    ProductRef ref = parseOrNull(text);
    if (ref == null) {
      throw Refusal.invalid("query parameter '" + parameter + "' must be domain.name, was '" + text + "'");
    }
    return ref;
  }

  @Override
  public String toString() {
    return domain + "." + name;
  }
}
