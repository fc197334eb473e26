package dev.weft.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a topic or table name given in {@code outputs.topic.name} / {@code outputs.table.name} may
 * be. Names end up in ACLs, in SQL, in file paths of the warehouse and in shell commands that
 * {@code weft access} prints, so only plain characters pass; and a name lives in its product's
 * domain (topic {@code <domain>.…}, table namespace {@code <domain>}), so that no spec can claim,
 * and no ACL can hand out, another domain's topic or table.
 */
public final class OutputNames {
  /** Kafka's own legal characters. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._-]+");
  /** Kafka's limit on topic names, less the dead-letter suffix. */
  static final int MAX_TOPIC = 249 - ".dlq".length();
  /** Identifiers SQL engines take unquoted and Trino keeps as they are (lower case). */
  private static final Pattern TABLE_PART = Pattern.compile("[a-z][a-z0-9_]*");

  private OutputNames() {}

  /** What is wrong with {@code name} as the topic of a product of {@code domain}, if anything. */
  public static Optional<String> topicProblem(String name, String domain) {
    if (!TOPIC.matcher(name).matches()) {
      return Optional.of("may hold only letters, digits, '.', '_' and '-' (no '/', ';' or whitespace)");
    }
    if (name.contains("..")) {
      return Optional.of("must not contain '..'");
    }
    if (name.length() > MAX_TOPIC) {
      return Optional.of("must be at most " + MAX_TOPIC + " characters long (Kafka's limit, less '.dlq')");
    }
    if (!name.startsWith(domain + ".") || name.length() == domain.length() + 1) {
      return Optional.of("must start with the product's domain, '" + domain + ".', so that only the domain's jobs may write it");
    }
    return Optional.empty();
  }

  /** What is wrong with {@code name} ({@code <namespace>.<table>} or {@code <table>}) as the table of a product of {@code domain}. */
  public static Optional<String> tableProblem(String name, String domain) {
    String[] parts = name.split("\\.", -1);
    if (parts.length > 2 || !java.util.Arrays.stream(parts).allMatch(p -> TABLE_PART.matcher(p).matches())) {
      return Optional.of("must be <namespace>.<table> or <table>, each a lower-case letter then lower-case letters, digits or '_' "
          + "(no '..', '/', ';' or whitespace)");
    }
    String namespace = domain.replace('-', '_');
    if (parts.length == 2 && !parts[0].equals(namespace)) {
      return Optional.of("must be in the product's domain namespace, '" + namespace + "', so that only the domain's jobs may write it");
    }
    return Optional.empty();
  }
}
