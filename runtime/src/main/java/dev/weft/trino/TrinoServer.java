package dev.weft.trino;

import dev.weft.access.ProductAccess;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.WeftOptions;
import dev.weft.service.ChildService;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Trino coordinator, run as a child process on its own JDK, listening on
 * 127.0.0.1, with one catalog: {@code iceberg}, on the products' Iceberg catalog, and unless
 * {@code weft.trino.access-control} is off, the products' access rules ({@link TrinoAccessControl}).
 * Its config, data and log live in one folder (under the work dir); while it runs, that folder's
 * {@value #URL_FILE} names its JDBC URL, so {@code weft query} finds it.
 */
public final class TrinoServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrinoServer.class);
  public static final String URL_FILE = "jdbc-url";
  static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Path SETSID = Path.of("/usr/bin/setsid");
  private static final Pattern READY = Pattern.compile("\"starting\"\\s*:\\s*false");
  /**
   * Runs Trino and stops it when this shell's standard input closes: Weft holds the other end, so
   * Trino stops with Weft even if Weft is killed without running its shutdown hooks. The shell
   * exits when Trino does (so a Trino that dies while starting is noticed), and turns a Ctrl-C that
   * reaches it (where it shares weft's terminal) into a clean stop too.
   */
  private static final String WATCHDOG = """
      exec 3<&0
      "$@" 3<&- & trino=$!
      { read -r _ <&3; kill $trino 2>/dev/null; } &
      watcher=$!
      exec 3<&-
      trap 'kill $trino 2>/dev/null' INT TERM HUP
      status=0
      while kill -0 $trino 2>/dev/null; do wait $trino; status=$?; done
      kill $watcher 2>/dev/null
      exit $status
      """;
  /**
   * Trino's own recommended JVM flags, with a heap for a laptop: the server idles at about 650 MB.
   * Fixed, not an option: queries over a dev stack's tables are small.
   */
  private static final List<String> JVM_FLAGS = List.of("-Xmx1g", "-XX:+UseG1GC", "-XX:+ExplicitGCInvokesConcurrent",
      "-XX:+ExitOnOutOfMemoryError", "-XX:-OmitStackTraceInFastThrow", "-XX:ReservedCodeCacheSize=256M",
      "-XX:PerMethodRecompilationCutoff=10000", "-XX:PerBytecodeRecompilationCutoff=10000", "-Djdk.attach.allowAttachSelf=true",
      "-Djdk.nio.maxCachedBufferSize=2000000", "-Dfile.encoding=UTF-8", "-XX:+EnableDynamicAgentLoading",
      "--enable-native-access=ALL-UNNAMED");

  private final ChildService service;
  private final int port;
  private final Path directory;
  private final Optional<TrinoAccessControl> access;

  private TrinoServer(ChildService service, int port, Path directory, Optional<TrinoAccessControl> access) {
    this.service = service;
    this.port = port;
    this.directory = directory;
    this.access = access;
  }

  /**
   * Starts Trino with the {@code weft.trino.*} options, its files in {@code directory}, and waits
   * until it accepts queries.
   */
  public static TrinoServer start(Configuration options, Path directory, IcebergCatalogSettings catalog) {
    Path java = TrinoJdk.java(options.getOptional(WeftOptions.TRINO_JAVA_HOME), TrinoJdk.INSTALLED_JDKS);
    TrinoDistribution distribution = TrinoDistribution.locate(options.getOptional(WeftOptions.TRINO_HOME));
    int port = options.get(WeftOptions.TRINO_PORT) == 0 ? ChildService.freePort("Trino") : options.get(WeftOptions.TRINO_PORT);
    try {
      Path etc = Files.createDirectories(directory.resolve("etc"));
      Path data = Files.createDirectories(directory.resolve("data"));
      Files.deleteIfExists(directory.resolve(URL_FILE));
      Optional<TrinoAccessControl> access = accessControl(options, etc);
      write(etc.resolve("config.properties"), serverConfig(port, distribution, etc, access.isPresent()));
      write(Files.createDirectories(etc.resolve("catalog")).resolve(TrinoIcebergCatalog.NAME + ".properties"),
          TrinoIcebergCatalog.properties(catalog));
      Path log = directory.resolve("server.log");
      List<String> command = new ArrayList<>();
      if (Files.isExecutable(SETSID)) {
        // its own session: no controlling terminal for Trino to change, and the terminal's Ctrl-C goes to
        // weft alone, which stops Trino in its shutdown hook
        command.addAll(List.of(SETSID.toString(), "--wait"));
      }
      command.addAll(List.of("/bin/sh", "-c", WATCHDOG, "trino-watchdog", java.toString()));
      command.addAll(JVM_FLAGS);
      command.addAll(List.of("-Dconfig=" + etc.resolve("config.properties"), "-cp", distribution.libraries() + "/*",
          "io.trino.server.TrinoServer"));
      LOG.info("Starting Trino {} on 127.0.0.1:{} with {} (server log {})", TrinoDistribution.VERSION, port, java, log);
      ProcessBuilder builder = new ProcessBuilder(command)
          .directory(data.toFile());           // Trino keeps its var/ folder in the working directory
      // a warehouse on S3: the keys its catalog file names as ${ENV:…}, so no file holds them
      catalog.s3().ifPresent(s3 -> builder.environment().putAll(s3.trinoEnvironment()));
      // closing the watchdog's standard input is its cue to stop Trino; from then on weft query must not find it
      ChildService service = ChildService.start("Trino", builder, log, STOP_TIMEOUT, process -> {
        forgetUrl(directory);
        process.getOutputStream().close();
      });
      TrinoServer server = new TrinoServer(service, port, directory, access);
      server.awaitReady();
      write(directory.resolve(URL_FILE), server.jdbcUrl() + "\n");
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start Trino in " + directory + ": " + e.getMessage(), e);
    }
  }

  /** Fails, saying what to install or set, unless there is a JDK and a distribution to start Trino with. */
  public static void checkPrerequisites(Configuration options) {
    TrinoJdk.java(options.getOptional(WeftOptions.TRINO_JAVA_HOME), TrinoJdk.INSTALLED_JDKS);
    TrinoDistribution.locate(options.getOptional(WeftOptions.TRINO_HOME));
  }

  /**
   * The access control {@code weft.trino.access-control} asks for, its files written: to start with,
   * only the user running Weft reads anything, until {@link #applyAccessRules} names the products.
   */
  private static Optional<TrinoAccessControl> accessControl(Configuration options, Path etc) throws IOException {
    Path properties = etc.resolve(TrinoAccessControl.PROPERTIES_FILE);
    if (!options.get(WeftOptions.TRINO_ACCESS_CONTROL)) {
      Files.deleteIfExists(properties);
      return Optional.empty();
    }
    TrinoAccessControl access = new TrinoAccessControl(etc, System.getProperty("user.name"));
    access.write(List.of());
    write(properties, access.properties());
    return Optional.of(access);
  }

  private static Map<String, String> serverConfig(int port, TrinoDistribution distribution, Path etc, boolean accessControl) {
    Map<String, String> config = new LinkedHashMap<>(Map.of(
        "coordinator", "true",
        "node-scheduler.include-coordinator", "true",
        "node.environment", "weft",
        "node.id", "weft-dev",
        "node.bind-ip", "127.0.0.1",
        "node.internal-address", "127.0.0.1",
        "http-server.http.port", Integer.toString(port),
        "discovery.uri", "http://127.0.0.1:" + port,
        "plugin.dir", distribution.plugins().toString(),
        "catalog.config-dir", etc.resolve("catalog").toString()));
    if (accessControl) {
      // Trino looks for etc/access-control.properties in its working directory, which is data/
      config.put("access-control.config-files", etc.resolve(TrinoAccessControl.PROPERTIES_FILE).toString());
    }
    return config;
  }

  /**
   * Replaces the access rules with those of {@code products} (the ones that run) and returns once
   * Trino applies them to new queries; does nothing if Trino runs without access control.
   */
  public void applyAccessRules(List<ProductAccess> products) {
    if (access.isEmpty()) {
      return;
    }
    try {
      access.get().write(products);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write Trino's access rules " + access.get().rulesFile() + ": " + e.getMessage(), e);
    }
    // Trino re-reads the file at the first query after the refresh period has passed since its last read
    sleep(TrinoAccessControl.REFRESH_PERIOD.plusMillis(100));
  }

  /** The user allowed everything (whoever runs Weft) and the rules file, if Trino runs with access control. */
  public Optional<String> admin() {
    return access.map(TrinoAccessControl::admin);
  }

  public Optional<Path> accessRules() {
    return access.map(TrinoAccessControl::rulesFile);
  }

  /** The JDBC URL of the Trino a running {@code weft dev --with-trino} started with its files in {@code directory}. */
  public static Optional<String> runningUrl(Path directory) {
    try {
      Path file = directory.resolve(URL_FILE);
      return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()) : Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** {@code jdbc:trino://127.0.0.1:PORT/iceberg}: connects to the products' catalog; any user name, no password. */
  public String jdbcUrl() {
    return "jdbc:trino://127.0.0.1:" + port + "/" + TrinoIcebergCatalog.NAME;
  }

  /** The address the Trino CLI and HTTP clients take ({@code --server}). */
  public URI httpUri() {
    return URI.create("http://127.0.0.1:" + port);
  }

  public Path serverLog() {
    return service.log();
  }

  private void awaitReady() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest info = HttpRequest.newBuilder(httpUri().resolve("/v1/info")).timeout(Duration.ofSeconds(5)).build();
    service.awaitReady(STARTUP_TIMEOUT, Duration.ofMillis(500), () -> {
      HttpResponse<String> response = http.send(info, HttpResponse.BodyHandlers.ofString());
      return response.statusCode() == 200 && READY.matcher(response.body()).find();
    });
    LOG.info("Trino ready at {}", jdbcUrl());
  }

  /** Stops Trino and waits until it is gone, killing it if it does not stop in time. */
  @Override
  public void close() {
    forgetUrl(directory);
    service.close();
  }

  private static void forgetUrl(Path directory) {
    try {
      Files.deleteIfExists(directory.resolve(URL_FILE));
    } catch (IOException e) {
      LOG.warn("Trino: cannot remove {}: {}", directory.resolve(URL_FILE), e.getMessage());
    }
  }

  private static void write(Path file, Map<String, String> properties) throws IOException {
    write(file, properties.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue() + "\n").collect(Collectors.joining()));
  }

  private static void write(Path file, String text) throws IOException {
    Files.writeString(file, text, StandardCharsets.UTF_8);
  }

  private static void sleep(Duration duration) {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for Trino", e);
    }
  }
}
