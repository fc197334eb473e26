package dev.weft.spec;

import dev.weft.jobs.mask.SecretLookup;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${env:NAME}} and {@code ${secret:name}} in spec values and flags, resolved only when a
 * product runs (never stored). A secret {@code shop-db-password} is read from the environment
 * variable {@code WEFT_SECRET_SHOP_DB_PASSWORD}, or from a secrets folder (one file per secret, as
 * Kubernetes and Docker mount them).
 */
public final class References {
  /** Any {@code ${kind:…}}, so that a misspelt kind is refused rather than passed on as a literal password. */
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z]+):([^}]*)}");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private References() {}

  /**
   * {@code text} with every reference replaced by its value. Values are inserted as they are:
   * a value that itself contains {@code ${…}} is not resolved again.
   *
   * @throws IllegalArgumentException naming the first reference that is malformed or not set
   */
  public static String resolve(
      String text, Function<String, Optional<String>> env, Function<String, Optional<String>> secrets) {
    return resolve(text, env, secrets, name -> "set " + secretVariable(name));
  }

  /** Resolves with the process environment, secrets from {@code WEFT_SECRET_<NAME>} variables. */
  public static UnaryOperator<String> fromEnvironment() {
    return text -> resolve(text, References::getenv, name -> getenv(secretVariable(name)));
  }

  /**
   * Resolves with the process environment; a secret comes from its {@code WEFT_SECRET_<NAME>}
   * variable or else from the file named like it in {@code secretsFolder}.
   */
  public static UnaryOperator<String> fromEnvironment(Path secretsFolder) {
    Function<String, Optional<String>> secrets =
        name -> getenv(secretVariable(name)).or(() -> SecretLookup.readFile(secretsFolder, name));
    return text -> resolve(text, References::getenv, secrets,
        name -> "set " + secretVariable(name) + " or put it in " + secretsFolder.resolve(name));
  }

  /**
   * Resolves with the process environment, falling back to {@code environment} and
   * {@code secrets} for what it does not set: the embedded stack's own database, for example.
   */
  public static UnaryOperator<String> fromEnvironment(java.util.Map<String, String> environment, java.util.Map<String, String> secrets) {
    return text -> resolve(text,
        name -> getenv(name).or(() -> Optional.ofNullable(environment.get(name))),
        name -> getenv(secretVariable(name)).or(() -> Optional.ofNullable(secrets.get(name))));
  }

  /** Shorthand for {@code fromEnvironment().apply(text)}. */
  public static String resolve(String text) {
    return fromEnvironment().apply(text);
  }

  /** The environment variable a secret is read from: {@code shop-db-password} → {@code WEFT_SECRET_SHOP_DB_PASSWORD}. */
  public static String secretVariable(String name) {
    return SecretLookup.variable(name);
  }

  /** Whether {@code text} is one reference and nothing else, as a password given on a command line must be. */
  public static boolean isReference(String text) {
    return REFERENCE.matcher(text).matches();
  }

  private static String resolve(String text, Function<String, Optional<String>> env,
      Function<String, Optional<String>> secrets, Function<String, String> howToSetSecret) {
    Matcher m = REFERENCE.matcher(text);
    StringBuilder resolved = new StringBuilder();
    while (m.find()) {
      String kind = m.group(1);
      String name = m.group(2);
      if (!NAME.matcher(name).matches() || !(kind.equals("env") || kind.equals("secret"))) {
        throw new IllegalArgumentException(
            "'" + m.group() + "' is not a reference; write ${env:NAME} or ${secret:name}");
      }
      String value = kind.equals("env")
          ? env.apply(name).orElseThrow(() -> new IllegalArgumentException("environment variable " + name + " is not set"))
          : secrets.apply(name).orElseThrow(() -> new IllegalArgumentException(
              "secret " + name + " is not set (" + howToSetSecret.apply(name) + ")"));
      m.appendReplacement(resolved, Matcher.quoteReplacement(value));
    }
    m.appendTail(resolved);
    return resolved.toString();
  }

  private static Optional<String> getenv(String name) {
    return Optional.ofNullable(System.getenv(name));
  }
}
