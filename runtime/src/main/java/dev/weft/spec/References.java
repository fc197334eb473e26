package dev.weft.spec;

import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} and {@code ${secret:name}} in spec values and flags, resolved only when a
 * product runs (never stored). A secret {@code shop-db-password} is read from the environment
 * variable {@code WEFT_SECRET_SHOP_DB_PASSWORD}.
 */
public final class References {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|secret):([A-Za-z0-9_.-]+)}");

  private References() {}

  public static String resolve(String text) {
    return resolve(text, name -> Optional.ofNullable(System.getenv(name)));
  }

  public static String resolve(String text, Function<String, Optional<String>> environment) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      String name = m.group(2);
      String value;
      if (m.group(1).equals("env")) {
        value = environment.apply(name)
            .orElseThrow(() -> new IllegalArgumentException("environment variable " + name + " is not set"));
      } else {
        String variable = secretVariable(name);
        value = environment.apply(variable)
            .orElseThrow(() -> new IllegalArgumentException("secret " + name + " is not set (set " + variable + ")"));
      }
      m.appendReplacement(resolved, Matcher.quoteReplacement(value));
    }
    m.appendTail(resolved);
    return resolved.toString();
  }

  static String secretVariable(String name) {
    return "WEFT_SECRET_" + name.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
  }
}
