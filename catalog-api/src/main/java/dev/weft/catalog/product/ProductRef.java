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
  /**
   * What a domain or product name may be: kebab case. The spec loader, the catalog's registration
   * check and its domain tokens all accept exactly these ({@link #isName}).
   */
  public static final String NAME_RULE = "kebab-case ([a-z][a-z0-9]*(-[a-z0-9]+)*)";
  private static final String NAME_PATTERN = "[a-z][a-z0-9]*(?:-[a-z0-9]+)*";
  private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
  /** A major version: a whole number from 1 that fits an int. */
  private static final Pattern MAJOR = Pattern.compile("[1-9][0-9]{0,8}");
  private static final Pattern REF = Pattern.compile("(" + NAME_PATTERN + ")\\.(" + NAME_PATTERN + ")(?:@(" + MAJOR.pattern() + "))?");

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
    return Optional.of(new ProductRef(m.group(1), m.group(2), m.group(3) == null ? null : parseMajor(m.group(3)).orElseThrow()));
  }

  /** The reference, or null if {@code text} is not of the form {@code domain.name[@major]}. */
  public static ProductRef parseOrNull(String text) {
    return parse(text).orElse(null);
  }

  /** Whether {@code text} is a valid domain or product name ({@link #NAME_RULE}). */
  public static boolean isName(String text) {
    return text != null && NAME.matcher(text).matches();
  }

  /** A major version as written after {@code @} or in a path ({@code 2}); empty for anything else. */
  public static Optional<Integer> parseMajor(String text) {
    return text != null && MAJOR.matcher(text).matches() ? Optional.of(Integer.valueOf(text)) : Optional.empty();
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
