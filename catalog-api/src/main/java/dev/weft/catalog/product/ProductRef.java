package dev.weft.catalog.product;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way Weft names a product: {@code domain.name}, with {@code @major} where one major
 * version is meant ({@code customers.customer-profiles@1}, as spec inputs name upstream products).
 * The spec loader, the compiler and the catalog all parse with {@link #parse}, so a name one accepts
 * the others accept too.
 *
 * @param major the major version, or null when the reference means the product as a whole
 */
public record ProductRef(String domain, String name, Integer major) {
  /** Domain and name as specs write them (kebab case); the major a whole number from 1. */
  private static final Pattern REF = Pattern.compile("([a-z][a-z0-9-]*)\\.([a-z][a-z0-9-]*)(?:@([1-9][0-9]{0,8}))?");

  /** The product as a whole. */
  public ProductRef(String domain, String name) {
    this(domain, name, null);
  }

  /** {@code domain.name} or {@code domain.name@major}; empty for anything else. */
  public static Optional<ProductRef> parse(String text) {
    Matcher m = text == null ? null : REF.matcher(text.trim());
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    return Optional.of(new ProductRef(m.group(1), m.group(2), m.group(3) == null ? null : Integer.valueOf(m.group(3))));
  }

  /** The reference, or null if {@code text} is not of the form {@code domain.name[@major]}. */
  public static ProductRef parseOrNull(String text) {
    return parse(text).orElse(null);
  }

  /** {@code domain.name}, without the major. */
  public String qualifiedName() {
    return domain + "." + name;
  }

  @Override
  public String toString() {
    return major == null ? qualifiedName() : qualifiedName() + "@" + major;
  }
}
