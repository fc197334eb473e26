package dev.weft.catalog.product;

import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Semantic versions in precedence order (semver.org §11): major, minor, patch as numbers; a
 * pre-release sorts before its release, and pre-release parts compare numerically when both are numbers.
 */
public final class SemanticVersion {
  static final Pattern SEMVER = Pattern.compile("([0-9]+)\\.([0-9]+)\\.([0-9]+)(?:-([0-9A-Za-z.-]+))?");

  private SemanticVersion() {}

  public static boolean isValid(String text) {
    return text != null && SEMVER.matcher(text).matches();
  }

  /** The major version of a valid version: {@code 2} of {@code 2.1.0}. */
  public static long major(String version) {
    Matcher m = SEMVER.matcher(version);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a semantic version: " + version);
    }
    return Long.parseLong(m.group(1));
  }

  /** The highest of {@code versions} with the major of {@code version} that precedes it: what a new version is checked against. */
  public static java.util.Optional<String> predecessor(java.util.Collection<String> versions, String version) {
    long major = major(version);
    return versions.stream().filter(v -> major(v) == major && compare(v, version) < 0).max(SemanticVersion::compare);
  }

  /** The lowest of {@code versions} with the major of {@code version} that follows it: what must stay compatible with a backport. */
  public static java.util.Optional<String> successor(java.util.Collection<String> versions, String version) {
    long major = major(version);
    return versions.stream().filter(v -> major(v) == major && compare(v, version) > 0).min(SemanticVersion::compare);
  }

  /** Negative, zero or positive as {@code a} precedes, equals or follows {@code b}; both must be valid. */
  public static int compare(String a, String b) {
    Matcher x = SEMVER.matcher(a);
    Matcher y = SEMVER.matcher(b);
    if (!x.matches() || !y.matches()) {
      throw new IllegalArgumentException("not semantic versions: " + a + ", " + b);
    }
    for (int group = 1; group <= 3; group++) {
      int order = new BigInteger(x.group(group)).compareTo(new BigInteger(y.group(group)));
      if (order != 0) {
        return order;
      }
    }
    String preA = x.group(4);
    String preB = y.group(4);
    if (preA == null || preB == null) {
      return preA == null ? (preB == null ? 0 : 1) : -1;
    }
    String[] partsA = preA.split("\\.");
    String[] partsB = preB.split("\\.");
    for (int i = 0; i < Math.min(partsA.length, partsB.length); i++) {
      boolean numericA = partsA[i].matches("[0-9]+");
      boolean numericB = partsB[i].matches("[0-9]+");
      int order = numericA && numericB ? new BigInteger(partsA[i]).compareTo(new BigInteger(partsB[i]))
          : numericA != numericB ? (numericA ? -1 : 1) : partsA[i].compareTo(partsB[i]);
      if (order != 0) {
        return order;
      }
    }
    return Integer.compare(partsA.length, partsB.length);
  }
}
