package dev.weft.crash;

import dev.weft.cli.WeftCli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A {@code weft} command in a JVM of its own, as an operator runs it, that a test can kill with
 * SIGKILL ({@link Process#destroyForcibly()} on Linux): nothing in it gets to clean up. Its output
 * goes to a log file; the test waits for lines that say how far it got.
 */
public final class WeftProcess {
  private final Process process;
  private final Set<String> seen = ConcurrentHashMap.newKeySet();
  private final List<String> markers;
  private final Thread pump;

  private WeftProcess(Process process, Path log, List<String> markers) {
    this.process = process;
    this.markers = markers;
    this.pump = new Thread(() -> pump(log), "weft-process-output");
    pump.setDaemon(true);
    pump.start();
  }

  /**
   * Starts {@code weft args…} with this JVM's class path and the {@code --add-opens} flags Flink
   * needs (the test JVM was started with them), in {@code directory}.
   *
   * @param markers output lines to note, for {@link #awaitOutput}
   */
  public static WeftProcess start(Path directory, Path log, List<String> markers, List<String> args) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream().filter(a -> a.startsWith("--add-opens")).forEach(command::add);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), WeftCli.class.getName()));
    command.addAll(args);
    Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true).start();
    return new WeftProcess(process, log, markers);
  }

  private void pump(Path log) {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out = new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND), true)) {
      String line;
      while ((line = lines.readLine()) != null) {
        out.println(line);
        for (String marker : markers) {
          if (line.contains(marker)) {
            seen.add(marker);
          }
        }
      }
    } catch (IOException e) {
      // the process was killed: its output ends
    }
  }

  /** Waits until the process printed a line with {@code marker}; false if it ended or the time ran out first. */
  public boolean awaitOutput(String marker, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!seen.contains(marker) && process.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    return seen.contains(marker);
  }

  /** Its operating-system process id: where Weft says a product runs. */
  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL: no shutdown hook, no cancel, no last checkpoint. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    pump.join(5_000);
  }

  /**
   * SIGTERM, as a service manager stops it: the shutdown hooks run (products cancelled, the embedded
   * PostgreSQL stopped, which SIGKILL leaves running since pg_ctl starts it outside this process's tree);
   * SIGKILL if it has not ended within {@code timeout}.
   */
  public void stop(Duration timeout) throws InterruptedException {
    process.destroy();
    if (awaitExit(timeout) == null) {
      kill();
    }
  }

  /** The exit code, or null if it still runs after {@code timeout}. */
  public Integer awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      return null;
    }
    pump.join(5_000);
    return process.exitValue();
  }
}
