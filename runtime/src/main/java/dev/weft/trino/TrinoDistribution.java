package dev.weft.trino;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * The Trino server Weft starts: Maven Central's {@code trino-server-core} with the {@code
 * trino-iceberg} plugin, which the build unpacks next to Weft's own classes (runtime/pom.xml,
 * execution {@code trino-server}), or a folder given with {@code weft.trino.home}.
 */
public record TrinoDistribution(Path home) {
  /** The Trino version the build was made with (the parent pom's {@code trino.version}). */
  public static final String VERSION = buildProperty("trino.version");
  /** Written by the build (runtime/pom.xml) once the server is completely unpacked. */
  static final String UNPACKED_MARKER = ".complete";

  public Path libraries() {
    return home.resolve("lib");
  }

  public Path plugins() {
    return home.resolve("plugin");
  }

  /** The given folder, or the one the build unpacked; refused unless it holds Trino's libraries and the Iceberg plugin. */
  public static TrinoDistribution locate(Optional<String> givenHome) {
    Path home = givenHome.map(Path::of).orElseGet(TrinoDistribution::unpackedByTheBuild).toAbsolutePath().normalize();
    if (givenHome.isPresent() && !Files.isDirectory(home.resolve("lib"))) {
      throw new IllegalStateException("no Trino server in " + home + " (weft.trino.home): it has no lib folder");
    }
    if (givenHome.isEmpty() && !Files.isRegularFile(home.resolve("lib").resolve(UNPACKED_MARKER))) {
      throw new IllegalStateException("no Trino server in " + home + ": the build unpacks it there from Maven Central before "
          + "the integration tests, and ./weft when given --with-trino; or run `mvn -B -pl runtime -am -Dmaven.test.skip=true "
          + "pre-integration-test` in the clone");
    }
    TrinoDistribution distribution = new TrinoDistribution(home);
    try (var plugins = Files.list(distribution.plugins())) {
      if (plugins.noneMatch(p -> p.getFileName().toString().startsWith("trino-iceberg"))) {
        throw new IllegalStateException("the Trino server in " + home + " has no Iceberg plugin: unpack io.trino:trino-iceberg:"
            + VERSION + ":zip into " + distribution.plugins());
      }
    } catch (IOException e) {
      throw new IllegalStateException("the Trino server in " + home + " has no readable plugin folder: " + e.getMessage(), e);
    }
    return distribution;
  }

  /** runtime/target/trino-server-core-VERSION: next to target/classes (tests) and target/weft-runtime-….jar (./weft). */
  private static Path unpackedByTheBuild() {
    try {
      Path classes = Path.of(TrinoDistribution.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return classes.getParent().resolve("trino-server-core-" + VERSION);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where Weft's classes are: " + e.getMessage(), e);
    }
  }

  private static String buildProperty(String name) {
    Properties build = new Properties();
    try (InputStream in = TrinoDistribution.class.getResourceAsStream("trino.properties")) {
      if (in == null) {
        throw new IllegalStateException("Weft was built without dev/weft/trino/trino.properties");
      }
      build.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return build.getProperty(name);
  }
}
