package dev.weft.testing;

import dev.weft.dev.DevStack;
import dev.weft.execute.WeftOptions;
import dev.weft.trino.TrinoJdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real embedded stack (KRaft broker, PostgreSQL with the Iceberg catalog, MiniCluster,
 * and Trino if asked) once per test class, in a fresh work directory.
 */
public final class DevStackExtension implements BeforeAllCallback, AfterAllCallback {
  private final Configuration options = new Configuration();
  private DevStack stack;
  private Path workDir;
  private boolean withSchemaRegistry;

  public DevStackExtension() {
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    // short restarts keep tests that expect a failure fast: about five restarts within two seconds
    options.set(WeftOptions.RESTART_INITIAL_BACKOFF, Duration.ofMillis(100));
    options.set(WeftOptions.RESTART_MAX_BACKOFF, Duration.ofMillis(500));
    options.set(WeftOptions.RESTART_BUDGET, Duration.ofSeconds(2));
    options.set(WeftOptions.ICEBERG_COMMIT_RETRY_BUDGET, Duration.ofSeconds(2));
  }

  /**
   * Also starts the Trino coordinator ({@code weft.trino.enabled}); the class is skipped, saying why,
   * where no JDK new enough for Trino is installed.
   */
  public DevStackExtension withTrino() {
    options.set(WeftOptions.TRINO_ENABLED, true);
    return this;
  }

  /**
   * Also starts a schema registry (Apicurio Registry, a child process) and points the products at it; the class
   * is skipped, saying why, where no JDK new enough for it is installed.
   */
  public DevStackExtension withSchemaRegistry() {
    withSchemaRegistry = true;
    return this;
  }

    /** Options given to products started through {@link #stack()}; set before the class starts. */
  public Configuration options() {
    return options;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    workDir = Files.createTempDirectory("weft-it-");
    options.set(WeftOptions.WORK_DIR, workDir.toString());
    if (options.get(WeftOptions.TRINO_ENABLED)) {
      try {
        TrinoJdk.java(options.getOptional(WeftOptions.TRINO_JAVA_HOME), TrinoJdk.INSTALLED_JDKS);
      } catch (IllegalStateException noJdk) {
        Assumptions.abort(noJdk.getMessage());
      }
    }
    if (withSchemaRegistry) {
      try {
        dev.weft.registry.SchemaRegistryServer.java(options);
      } catch (IllegalStateException noJdk) {
        Assumptions.abort(noJdk.getMessage());
      }
    }
    stack = DevStack.start(options, withSchemaRegistry);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (stack != null) {
      stack.close();
    }
    // a class's broker, PostgreSQL, checkpoints and warehouse: about 50 MB each, 1.6 GB a suite, which filled /tmp once
    TempFolders.delete(workDir);
  }

  /** Command-line flags that point a {@code weft} command at this stack's Kafka and catalog, after {@code args}. */
  public String[] withServiceFlags(String... args) {
    var catalog = stack.catalog();
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of("--kafka", stack.kafka().bootstrapServers(), "--catalog-uri", catalog.jdbcUrl(),
        "--catalog-user", catalog.user(), "--warehouse", catalog.warehouse()));
    return all.toArray(String[]::new);
  }

  public DevStack stack() {
    return stack;
  }

  public Path workDir() {
    return workDir;
  }
}
