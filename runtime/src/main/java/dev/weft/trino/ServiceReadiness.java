package dev.weft.trino;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Waits until a service Weft started as a child process (Trino, the schema registry) answers, and
 * fails in the user's terms, with where its log is, if it stops or takes too long. Stops it then.
 */
public final class ServiceReadiness {
  /** Whether the service answers as ready; an IOException means it does not listen yet. */
  public interface Probe {
    boolean ready() throws IOException, InterruptedException;
  }

  private ServiceReadiness() {}

  /**
   * @param name how errors name it, e.g. "Trino"
   * @param stop stops the process (on a timeout or an interrupt)
   */
  public static void await(String name, Process process, Path log, Duration timeout, Duration pause, Probe probe, Runnable stop) {
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
          stop.run();
          throw new IllegalStateException(name + " did not become ready within " + timeout.toSeconds() + " s; see its log " + log);
        }
        Thread.sleep(pause.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop.run();
      throw new IllegalStateException("interrupted while " + name + " was starting", e);
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
