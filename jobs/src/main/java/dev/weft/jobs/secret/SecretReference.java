package dev.weft.jobs.secret;

import dev.weft.jobs.mask.SecretLookup;
import java.io.Serializable;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code ${secret:NAME}} or {@code ${env:NAME}} that a job carries instead of the value, and
 * resolves where its task runs: the job graph, Flink's configuration and the logs hold the
 * reference only.
 *
 * @param kind {@code secret} or {@code env}
 */
public record SecretReference(String kind, String name) implements Serializable {
  private static final Pattern REFERENCE = Pattern.compile("\\$\\{(env|secret):([A-Za-z0-9_.-]+)}");

  /** The reference {@code text} is, if it is one reference and nothing else. */
  public static Optional<SecretReference> parse(String text) {
    Matcher m = REFERENCE.matcher(text);
    return m.matches() ? Optional.of(new SecretReference(m.group(1), m.group(2))) : Optional.empty();
  }

  /**
   * The value, looked up here.
   *
   * @throws IllegalStateException naming the reference and where it was looked for, never a value
   */
  public String resolve(SecretLookup secrets) {
    Optional<String> value = kind.equals("secret") ? secrets.find(name) : Optional.ofNullable(System.getenv(name));
    return value.orElseThrow(() -> new IllegalStateException(kind.equals("secret")
        ? "secret " + name + " is not set where this task runs (" + secrets.howToSet(name) + ")"
        : "environment variable " + name + " is not set where this task runs"));
  }

  @Override
  public String toString() {
    return "${" + kind + ":" + name + "}";
  }
}
