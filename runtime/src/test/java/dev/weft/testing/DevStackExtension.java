package dev.weft.testing;

import dev.weft.dev.DevStack;
import dev.weft.execute.WeftOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the real embedded stack (KRaft broker, PostgreSQL with the Iceberg catalog, MiniCluster)
 * once per test class, in a fresh work directory.
 */
public final class DevStackExtension implements BeforeAllCallback, AfterAllCallback {
  private final Configuration options = new Configuration();
  private DevStack stack;
  private Path workDir;

  public DevStackExtension() {
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    options.set(WeftOptions.RESTART_DELAY, Duration.ofMillis(200));
  }

  /** Options given to products started through {@link #stack()}; set before the class starts. */
  public Configuration options() {
    return options;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    workDir = Files.createTempDirectory("weft-it-");
    options.set(WeftOptions.WORK_DIR, workDir.toString());
    stack = DevStack.start(options);
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (stack != null) {
      stack.close();
    }
  }

  public DevStack stack() {
    return stack;
  }

  public Path workDir() {
    return workDir;
  }
}
