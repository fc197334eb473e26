package dev.weft.catalog.product;

import java.util.Collection;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one semantic version type of Weft (semver.org 2.0.0): what specs declare, what the catalog
 * stores and orders. Precedence as §11 has it: major, minor, patch as numbers; a pre-release sorts
 * before its release, its parts compare numerically when both are numbers; build metadata
 * ({@code +…}) is accepted and ignored.
 *
 * @param preRelease empty when there is none
 */
public record SemanticVersion(int major, int minor, int patch, String preRelease) implements Comparable<SemanticVersion> {
  private static final Pattern SEMVER =
      Pattern.compile("(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)\\.(0|[1-9][0-9]*)(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");

  /** The version, or empty when {@code text} is none (or a number does not fit an int). */
  public static Optional<SemanticVersion> parse(String text) {
    Matcher m = text == null ? null : SEMVER.matcher(text.trim());
    if (m == null || !m.matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SemanticVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          m.group(4) == null ? "" : m.group(4)));
    } catch (NumberFormatException tooLarge) {
      return Optional.empty();
    }
  }

  public static boolean isValid(String text) {
    return parse(text).isPresent();
  }

  private static SemanticVersion of(String text) {
    return parse(text).orElseThrow(() -> new IllegalArgumentException("not a semantic version: " + text));
  }

  /** The major version of a valid version: {@code 2} of {@code 2.1.0}. */
  public static long major(String version) {
    return of(version).major();
  }

  /** The highest of {@code versions} with the major of {@code version} that precedes it: what a new version is checked against. */
  public static Optional<String> predecessor(Collection<String> versions, String version) {
    long major = major(version);
    return versions.stream().filter(v -> major(v) == major && compare(v, version) < 0).max(SemanticVersion::compare);
  }

  /** The lowest of {@code versions} with the major of {@code version} that follows it: what must stay compatible with a backport. */
  public static Optional<String> successor(Collection<String> versions, String version) {
    long major = major(version);
    return versions.stream().filter(v -> major(v) == major && compare(v, version) > 0).min(SemanticVersion::compare);
  }

  /** Negative, zero or positive as {@code a} precedes, equals or follows {@code b}; both must be valid. */
  public static int compare(String a, String b) {
    return of(a).compareTo(of(b));
  }

  @Override
  public int compareTo(SemanticVersion other) {
    int order = Integer.compare(major, other.major);
    if (order == 0) {
      order = Integer.compare(minor, other.minor);
    }
    if (order == 0) {
      order = Integer.compare(patch, other.patch);
    }
    if (order != 0) {
      return order;
    }
    if (preRelease.isEmpty() || other.preRelease.isEmpty()) {
      return preRelease.isEmpty() ? (other.preRelease.isEmpty() ? 0 : 1) : -1;
    }
    String[] partsA = preRelease.split("\\.");
    String[] partsB = other.preRelease.split("\\.");
    for (int i = 0; i < Math.min(partsA.length, partsB.length); i++) {
      boolean numericA = partsA[i].matches("[0-9]+");
      boolean numericB = partsB[i].matches("[0-9]+");
      int part = numericA && numericB ? new java.math.BigInteger(partsA[i]).compareTo(new java.math.BigInteger(partsB[i]))
          : numericA != numericB ? (numericA ? -1 : 1) : partsA[i].compareTo(partsB[i]);
      if (part != 0) {
        return part;
      }
    }
    return Integer.compare(partsA.length, partsB.length);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch + (preRelease.isEmpty() ? "" : "-" + preRelease);
  }
}
