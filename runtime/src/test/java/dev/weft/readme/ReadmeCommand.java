package dev.weft.readme;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One README command as a user runs it: the line, verbatim, given to {@code bash -c} in the clone's
 * root. Its standard output and error go to files (the test reads what it printed from them); a
 * command that keeps running (a streaming {@code weft dev}) is stopped as Ctrl-C stops it, with SIGINT.
 */
final class ReadmeCommand implements AutoCloseable {
  private final String line;
  private final Process process;
  private final Path out;
  private final Path err;

  private ReadmeCommand(String line, Process process, Path out, Path err) {
    this.line = line;
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /**
   * Starts the line in {@code root}. {@code exec} replaces the shell with the command (./weft execs its JVM in
   * turn), so SIGINT reaches the JVM as it does from a terminal.
   */
  static ReadmeCommand start(String line, Path root, Path logs, int number) throws IOException {
    Files.createDirectories(logs);
    Path out = logs.resolve(number + ".out");
    Path err = logs.resolve(number + ".err");
    Files.writeString(logs.resolve(number + ".command"), line + "\n");
    Process process = new ProcessBuilder("bash", "-c", "exec " + line).directory(root.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .start();
    return new ReadmeCommand(line, process, out, err);
  }

  /** Waits for the command's end; its exit code. @throws AssertionError naming the command if it runs longer than {@code timeout} */
  int awaitExit(Duration timeout) throws InterruptedException, IOException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("`" + line + "` still runs after " + timeout + "; it printed:\n" + tail());
    }
    return process.exitValue();
  }

  /** Waits until standard output has a line starting with {@code prefix}. @throws AssertionError if the command ends or the time runs out first */
  void awaitLine(String prefix, Duration timeout) throws InterruptedException, IOException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (stdout().stream().noneMatch(l -> l.startsWith(prefix))) {
      if (!process.isAlive()) {
        throw new AssertionError("`" + line + "` ended (exit code " + process.exitValue() + ") before it printed `" + prefix + "…`:\n" + tail());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("`" + line + "` did not print `" + prefix + "…` within " + timeout + ":\n" + tail());
      }
      Thread.sleep(200);
    }
  }

  /**
   * Ctrl-C: SIGINT, then waits for the command and every process it started (PostgreSQL, Trino) to end. Where
   * SIGINT is ignored (the build was started in the background of a shell, and children inherit that), SIGTERM,
   * which the JVM handles as it does SIGINT: the same shutdown hooks.
   *
   * @return the exit code
   */
  int interrupt(Duration timeout) throws IOException, InterruptedException {
    List<ProcessHandle> children = process.descendants().toList();
    new ProcessBuilder("kill", "-" + signal(), Long.toString(process.pid())).inheritIO().start().waitFor();
    int exit = awaitExit(timeout);
    long deadline = System.nanoTime() + timeout.toNanos();
    for (ProcessHandle child : children) {
      while (child.isAlive()) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("`" + line + "` ended on Ctrl-C but left its process " + child.pid() + " ("
              + child.info().command().orElse("?") + ") running");
        }
        Thread.sleep(100);
      }
    }
    return exit;
  }

  /** INT, unless this JVM ignores it (bit 2 of SigIgn in /proc/self/status), and so the command too. */
  private static String signal() throws IOException {
    String ignored = Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("SigIgn:"))
        .map(l -> l.substring("SigIgn:".length()).strip()).findFirst().orElse("0");
    return (Long.parseLong(ignored, 16) & (1L << 1)) == 0 ? "INT" : "TERM";
  }

  List<String> stdout() throws IOException {
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  List<String> stderr() throws IOException {
    return Files.readAllLines(err, StandardCharsets.UTF_8);
  }

  String line() {
    return line;
  }

  /** The end of what it printed, for failure messages (both logs are kept under target/readme-smoke). */
  String tail() throws IOException {
    List<String> o = stdout();
    List<String> e = stderr();
    return "--- stdout (" + out + ")\n" + String.join("\n", o.subList(Math.max(0, o.size() - 40), o.size()))
        + "\n--- stderr (" + err + ")\n" + String.join("\n", e.subList(Math.max(0, e.size() - 40), e.size()));
  }

  /** Kills what still runs (a failed test): no command outlives the test. */
  @Override
  public void close() {
    List<ProcessHandle> all = new java.util.ArrayList<>(process.descendants().toList());
    all.add(process.toHandle());
    all.forEach(ProcessHandle::destroyForcibly);
    // gone before the next block removes .weft, where PostgreSQL keeps its files
    all.forEach(p -> p.onExit().completeOnTimeout(p, 30, TimeUnit.SECONDS).join());
  }
}
