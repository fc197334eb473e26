package dev.weft.service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server Weft runs for the user as a child process (Trino, the schema registry, S3Mock): started
 * with its output in a log file, waited for until it answers, and stopped with Weft, by
 * {@link #close} or, when Ctrl-C skips the close, by a shutdown hook. A stop first asks the server
 * (SIGTERM, or the server's own way), waits, then kills it and whatever it started.
 */
public final class ChildService implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChildService.class);
  /** After the kill, how long to wait until the process is gone. */
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  /** Whether the service answers as ready; an IOException means it does not listen yet. */
  public interface Probe {
    boolean ready() throws IOException, InterruptedException;
  }

  /** How the service is asked to stop before it is killed. */
  public interface StopRequest {
    void send(Process process) throws IOException;
  }

  private final String name;
  private final Process process;
  private final Path log;
  private final Duration stopTimeout;
  private final StopRequest stopRequest;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final Thread shutdownHook;

  private ChildService(String name, Process process, Path log, Duration stopTimeout, StopRequest stopRequest) {
    this.name = name;
    this.process = process;
    this.log = log;
    this.stopTimeout = stopTimeout;
    this.stopRequest = stopRequest;
    this.shutdownHook = new Thread(this::close, "weft-stop-" + name.toLowerCase().replace(' ', '-'));
  }

  /**
   * Starts {@code command} with its standard output and error in {@code log}, asked to stop with
   * SIGTERM.
   *
   * @param name how messages name it, e.g. "Trino"
   */
  public static ChildService start(String name, ProcessBuilder command, Path log, Duration stopTimeout) {
    return start(name, command, log, stopTimeout, Process::destroy);
  }

  public static ChildService start(String name, ProcessBuilder command, Path log, Duration stopTimeout, StopRequest stopRequest) {
    Process process;
    try {
      process = command.redirectErrorStream(true).redirectOutput(log.toFile()).start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + String.join(" ", command.command().subList(0, 1)) + "): "
          + e.getMessage(), e);
    }
    ChildService service = new ChildService(name, process, log, stopTimeout, stopRequest);
    // Ctrl-C skips try-with-resources; the service must not outlive us
    Runtime.getRuntime().addShutdownHook(service.shutdownHook);
    return service;
  }

  /**
   * Returns once {@code probe} answers ready; fails in the user's terms, with where the log is, if
   * the service stops or takes longer than {@code timeout}, and stops it then.
   */
  public void awaitReady(Duration timeout, Duration pause, Probe probe) {
    Instant deadline = Instant.now().plus(timeout);
    try {
      while (true) {
        if (!process.isAlive()) {
          throw new IllegalStateException(name + " stopped while starting (exit code " + process.exitValue() + "); the end of its log "
              + log + ":\n" + tail(log, 15));
        }
        try {
          if (probe.ready()) {
            return;
          }
        } catch (IOException notYet) {
          // not listening yet
        }
        if (Instant.now().isAfter(deadline)) {
          close();
          throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds() + " s; see its log " + log);
        }
        Thread.sleep(pause.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while " + name + " was starting", e);
    }
  }

  public Path log() {
    return log;
  }

  /**
   * Asks the service to stop, waits up to the stop timeout, then kills it and the processes it
   * started, and waits until it is gone. Runs once.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    if (Thread.currentThread() != shutdownHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(shutdownHook);
      } catch (IllegalStateException shuttingDown) {
        // the hook runs anyway, and finds it closed
      }
    }
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> started = process.descendants().toList();
    try {
      stopRequest.send(process);
      if (!process.waitFor(stopTimeout.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warn("{} did not stop within {} s; killing it", name, stopTimeout.toSeconds());
      }
    } catch (IOException e) {
      LOG.warn("{}: cannot ask it to stop ({}); killing it", name, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    started.forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(KILL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("{} stopped", name);
  }

  /** A port on 127.0.0.1 that nothing listens on now. */
  public static int freePort(String forWhat) {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on 127.0.0.1 for " + forWhat + ": " + e.getMessage(), e);
    }
  }

  private static String tail(Path file, int lines) {
    try {
      List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }
}
