package dev.weft.registry;

import dev.weft.execute.WeftOptions;
import dev.weft.service.ChildService;
import dev.weft.trino.TrinoJdk;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real schema registry for {@code weft dev} and the tests: Apicurio Registry, as Apicurio builds
 * it (Maven Central's {@code io.apicurio:apicurio-registry-app:<version>:tar.gz:all}, which the
 * build unpacks into runtime/target), run as a child process on a JDK of 21 or newer, on
 * 127.0.0.1, with in-memory storage: its schemas live as long as it runs, like the embedded
 * broker's records. Clients use its Confluent-compatible API ({@link #confluentApi()}).
 */
public final class SchemaRegistryServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryServer.class);
  /** Apicurio Registry 3 is built for Java 21 (class files of major 65). */
  public static final int MINIMUM_JAVA = 21;
  public static final String VERSION = buildProperty("apicurio.version");
  /** Under load on two cores it took up to 47 s here; a minute and a half leaves room. */
  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
  /** The first stop writes the class-data archive (80 MB), which took over 20 s on a loaded machine. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);
  /**
   * A small heap and C1 only: it serves a few schemas, and starting costs half the CPU this way
   * (5-7 s instead of 14 s); the class-data archive, made at its first stop, saves more on the next start.
   */
  private static final List<String> JVM_FLAGS = List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
      "-XX:+AutoCreateSharedArchive");

  private final ChildService service;
  private final int port;

  private SchemaRegistryServer(ChildService service, int port) {
    this.service = service;
    this.port = port;
  }

  /** Starts the registry with its log in {@code directory} and waits until its API answers. */
  public static SchemaRegistryServer start(ReadableConfig options, Path directory) {
    SchemaRegistryServer server = launch(options, directory);
    server.awaitReady();
    return server;
  }

  /** Starts the registry without waiting for it ({@link #awaitReady}), so that other services can start meanwhile. */
  public static SchemaRegistryServer launch(ReadableConfig options, Path directory) {
    Path java = java(options);
    Path home = distribution();
    int port = ChildService.freePort("the schema registry");
    int managementPort = ChildService.freePort("the schema registry's management API");
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the schema registry in " + directory + ": " + e.getMessage(), e);
    }
    Path log = directory.resolve("registry.log");
    List<String> command = new ArrayList<>(List.of(java.toString()));
    command.addAll(JVM_FLAGS);
    command.add("-XX:SharedArchiveFile=" + home.resolve("weft-cds.jsa"));
    command.addAll(List.of("-Dquarkus.http.host=127.0.0.1", "-Dquarkus.http.port=" + port,
        "-Dquarkus.management.host=127.0.0.1", "-Dquarkus.management.port=" + managementPort,
        "-Dapicurio.storage.kind=sql", "-Dapicurio.storage.sql.kind=h2", "-Dapicurio.datasource.url=jdbc:h2:mem:registry",
        "-Dquarkus.http.access-log.enabled=false", "-jar", home.resolve("quarkus-run.jar").toString()));
    LOG.info("Starting the schema registry (Apicurio Registry {}) on 127.0.0.1:{} (log {})", VERSION, port, log);
    ChildService service = ChildService.start("The schema registry", new ProcessBuilder(command).directory(directory.toFile()), log,
        STOP_TIMEOUT);
    return new SchemaRegistryServer(service, port);
  }

  /** The Confluent-compatible API, what {@code weft.schema-registry.url} names: {@code http://127.0.0.1:PORT/apis/ccompat/v7}. */
  public String confluentApi() {
    return "http://127.0.0.1:" + port + "/apis/ccompat/v7";
  }

  public Path log() {
    return service.log();
  }

  /** Fails, saying what to install or run, unless there is a JDK and a distribution to start the registry with. */
  public static void checkPrerequisites(ReadableConfig options) {
    java(options);
    distribution();
  }

  /** The JDK that runs the registry: the one given, or the newest of at least {@value #MINIMUM_JAVA} installed. */
  public static Path java(ReadableConfig options) {
    return TrinoJdk.java(options.getOptional(WeftOptions.SCHEMA_REGISTRY_JAVA_HOME), TrinoJdk.INSTALLED_JDKS, MINIMUM_JAVA,
        "The schema registry (Apicurio Registry " + VERSION + ")", "--schema-registry-java-home", WeftOptions.SCHEMA_REGISTRY_JAVA_HOME.key());
  }

  /** runtime/target/apicurio-registry-VERSION, next to target/classes (tests) and the runtime jar (./weft). */
  private static Path distribution() {
    Path home;
    try {
      Path classes = Path.of(SchemaRegistryServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      home = classes.getParent().resolve("apicurio-registry-" + VERSION);
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot tell where Weft's classes are: " + e.getMessage(), e);
    }
    if (!Files.isRegularFile(home.resolve("quarkus-run.jar"))) {
      throw new IllegalStateException("no schema registry in " + home + ": the build unpacks Apicurio Registry " + VERSION + " there from "
          + "Maven Central before the integration tests, and ./weft when a spec uses Avro; or run `mvn -B -pl runtime -am "
          + "-Dmaven.test.skip=true pre-integration-test` in the clone, or give a running registry with --schema-registry URL");
    }
    return home;
  }

  /** Returns once the registry's API answers; fails, saying where its log is, if it stops or takes too long. */
  public void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest subjects = HttpRequest.newBuilder(URI.create(confluentApi() + "/subjects")).timeout(Duration.ofSeconds(5)).build();
    service.awaitReady(STARTUP_TIMEOUT, Duration.ofMillis(250),
        () -> http.send(subjects, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    LOG.info("Schema registry ready at {}", confluentApi());
  }

  /** Stops the registry (SIGTERM, then SIGKILL if it does not stop in time) and waits until it is gone. */
  @Override
  public void close() {
    service.close();
  }

  private static String buildProperty(String name) {
    Properties build = new Properties();
    try (InputStream in = SchemaRegistryServer.class.getResourceAsStream("registry.properties")) {
      if (in == null) {
        throw new IllegalStateException("Weft was built without dev/weft/registry/registry.properties");
      }
      build.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return build.getProperty(name);
  }
}
