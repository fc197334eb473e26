package dev.weft.spec;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A reference to one major version of a product: {@code customers.customer-profiles@1}. */
public record ProductRef(String domain, String name, int major) {
  private static final Pattern REF = Pattern.compile("([a-z][a-z0-9-]*)\\.([a-z][a-z0-9-]*)@([1-9]\\d*)");

  public static Optional<ProductRef> parse(String text) {
    Matcher m = REF.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ProductRef(m.group(1), m.group(2), Integer.parseInt(m.group(3))));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  public String qualifiedName() {
    return domain + "." + name;
  }

  @Override
  public String toString() {
    return qualifiedName() + "@" + major;
  }
}
