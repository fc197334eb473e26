package dev.weft.catalogreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.launch.CatalogLauncher;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runtime's own code uses the catalog through catalog-api alone: every catalog class its sources
 * import and its class files refer to comes from catalog-api, never from the server module, which
 * is on the class path only at run time, for {@link CatalogLauncher}. The classes are told apart by
 * where they are loaded from, since both modules share packages.
 */
class CatalogApiOnlyTest {
  private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?(dev\\.weft\\.catalog\\.[\\w.*]+)\\s*;", Pattern.MULTILINE);
  private static final Pattern CLASS_REFERENCE = Pattern.compile("dev/weft/catalog/[\\w/$]+");

  @Test
  void runtimeSourcesImportOnlyCatalogApiClasses() throws IOException {
    Map<String, String> notApi = new TreeMap<>();
    try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
        Matcher m = IMPORT.matcher(Files.readString(file));
        while (m.find()) {
          String imported = m.group(2);
          if (!isApi(imported, m.group(1) != null)) {
            notApi.put(file + ": import " + imported, imported);
          }
        }
      }
    }
    assertThat(notApi.keySet()).as("imports of catalog classes outside catalog-api (the server module is a run-time dependency only; "
        + "move what both need into catalog-api, or start the server through CatalogLauncher)").isEmpty();
  }

  @Test
  void runtimeClassFilesReferToOnlyCatalogApiClasses() throws Exception {
    Path classes = location(dev.weft.cli.WeftCli.class);
    Map<String, String> notApi = new TreeMap<>();
    int apiReferences = 0;
    try (Stream<Path> files = Files.walk(classes)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
        // names in the constant pool are plain ASCII: dev/weft/catalog/product/ProductRef, Ldev/weft/…;
        Matcher m = CLASS_REFERENCE.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
        while (m.find()) {
          String name = m.group().replace('/', '.');
          if (isApi(name, false)) {
            apiReferences++;
          } else {
            notApi.put(classes.relativize(file) + " refers to " + name, name);
          }
        }
      }
    }
    assertThat(apiReferences).as("references to catalog-api classes found (else the scan sees nothing)").isPositive();
    assertThat(notApi.keySet()).as("references to catalog classes outside catalog-api in runtime's class files").isEmpty();
  }

  @Test
  void theServerIsFoundThroughTheLauncher() {
    assertThat(CatalogLauncher.find().getClass().getName()).isEqualTo("dev.weft.catalog.CatalogServiceLauncher");
  }

  /** Whether {@code name} (a class, a nested class written with dots, or a static member) is a class of catalog-api. */
  private static boolean isApi(String name, boolean isStatic) {
    if (name.endsWith(".*")) {
      return false; // a package is shared with the server: import the classes one by one
    }
    Optional<Class<?>> type = load(name).or(() -> isStatic ? load(name.substring(0, name.lastIndexOf('.'))) : Optional.empty());
    return type.isPresent() && location(type.get()).equals(location(CatalogClient.class));
  }

  /** The class, trying each trailing dot as a nested class's {@code $}. */
  private static Optional<Class<?>> load(String name) {
    String candidate = name;
    while (true) {
      try {
        return Optional.of(Class.forName(candidate, false, CatalogApiOnlyTest.class.getClassLoader()));
      } catch (ClassNotFoundException e) {
        int dot = candidate.lastIndexOf('.');
        if (dot < 0) {
          return Optional.empty();
        }
        candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
      }
    }
  }

  private static Path location(Class<?> type) {
    URL url = type.getProtectionDomain().getCodeSource().getLocation();
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(url.toString(), e);
    }
  }
}
