package dev.weft.trino;

import dev.weft.execute.WeftOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDK that runs Trino. Trino 476 refuses to start on a JDK older than {@value #MINIMUM_VERSION},
 * while Weft itself runs on 17; so Trino gets its own JDK: the one given, or the newest one
 * installed side by side under {@code /usr/lib/jvm} (where Debian and the Temurin packages put them).
 */
public final class TrinoJdk {
  public static final int MINIMUM_VERSION = 24;
  public static final Path INSTALLED_JDKS = Path.of("/usr/lib/jvm");
  private static final Pattern JAVA_VERSION = Pattern.compile("(?m)^JAVA_VERSION=\"(\\d+)");

  private TrinoJdk() {}

  /** The {@code bin/java} of {@code javaHome} if given, else of the newest JDK of at least {@value #MINIMUM_VERSION} in {@code installed}. */
  public static Path java(Optional<String> javaHome, Path installed) {
    return java(javaHome, installed, MINIMUM_VERSION, "Trino", "--trino-java-home", WeftOptions.TRINO_JAVA_HOME.key());
  }

  /**
   * The {@code bin/java} of {@code javaHome} if given, else of the newest JDK of at least {@code minimum} in {@code installed},
   * for {@code who} (named in errors with the {@code flag} and {@code option} that give one); other child processes on a newer JDK use it too.
   */
  public static Path java(Optional<String> javaHome, Path installed, int minimum, String who, String flag, String option) {
    if (javaHome.isPresent()) {
      Path home = Path.of(javaHome.get());
      OptionalInt version = version(home);
      if (version.isEmpty()) {
        throw new IllegalStateException(option + " " + home + " is not a JDK: no bin/java and release file with JAVA_VERSION there");
      }
      if (version.getAsInt() < minimum) {
        throw new IllegalStateException(option + " " + home + " is Java " + version.getAsInt() + "; " + who + " needs Java "
            + minimum + " or newer");
      }
      return home.resolve("bin/java");
    }
    List<String> seen = new ArrayList<>();
    Optional<Path> newest = candidates(installed).filter(home -> {
      OptionalInt version = version(home);
      seen.add(home.getFileName() + (version.isPresent() ? " (Java " + version.getAsInt() + ")" : " (not a JDK)"));
      return version.isPresent() && version.getAsInt() >= minimum;
    }).max(Comparator.comparingInt((Path home) -> version(home).getAsInt()).thenComparing(Path::getFileName));
    return newest.map(home -> home.resolve("bin/java")).orElseThrow(() -> new IllegalStateException(
        who + " needs a JDK " + minimum + " or newer; looked for one in " + installed + " (a folder with bin/java and a "
            + "release file saying JAVA_VERSION) and found " + (seen.isEmpty() ? "none" : String.join(", ", seen))
            + ". Install one (e.g. the temurin-25-jdk package) or give its folder with " + flag + " (" + option + ")."));
  }

  private static Stream<Path> candidates(Path installed) {
    if (!Files.isDirectory(installed)) {
      return Stream.empty();
    }
    try (Stream<Path> entries = Files.list(installed)) {
      // Debian links aliases (java-1.17.0-openjdk-amd64 → java-17-openjdk-amd64): list each JDK once
      return entries.filter(p -> !Files.isSymbolicLink(p) && Files.isDirectory(p)).sorted().toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + installed, e);
    }
  }

  /** The feature version a JDK's {@code release} file names, if it is a JDK with a {@code bin/java}. */
  static OptionalInt version(Path home) {
    Path release = home.resolve("release");
    if (!Files.isRegularFile(release) || !Files.exists(home.resolve("bin/java"))) {
      return OptionalInt.empty();
    }
    try {
      Matcher m = JAVA_VERSION.matcher(Files.readString(release));
      if (!m.find()) {
        return OptionalInt.empty();
      }
      int major = Integer.parseInt(m.group(1));
      // "1.8.0_x" style releases: the feature version is the second number, and far too old anyway
      return OptionalInt.of(major == 1 ? 8 : major);
    } catch (IOException e) {
      return OptionalInt.empty();
    }
  }
}
