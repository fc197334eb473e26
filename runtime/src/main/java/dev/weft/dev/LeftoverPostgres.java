package dev.weft.dev;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL server a Weft process runs on a data directory, as recorded beside it
 * ({@code <dir>.owner}: the Weft process id). A Weft killed without a chance to stop its server
 * (kill -9, a crash) leaves the server running on the directory, and the next start would fail on
 * its lock; such a leftover, whose owner is gone, is stopped first. A server whose owner still runs
 * is another Weft's, and is left alone.
 */
final class LeftoverPostgres {
  private static final Logger LOG = LoggerFactory.getLogger(LeftoverPostgres.class);
  private static final Duration SHUTDOWN = Duration.ofSeconds(30);

  private LeftoverPostgres() {}

  /** @throws IllegalStateException when a running Weft process uses the directory */
  static void stopIfOrphaned(Path dataDirectory) throws IOException {
    Optional<ProcessHandle> server = runningServer(dataDirectory);
    if (server.isEmpty()) {
      return;
    }
    Optional<ProcessHandle> owner = readPid(ownerFile(dataDirectory)).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
    if (owner.isPresent()) {
      throw new IllegalStateException("the PostgreSQL server (pid " + server.get().pid() + ") in " + dataDirectory
          + " belongs to a Weft process that is still running (pid " + owner.get().pid() + "): stop that one first, or give another --work-dir");
    }
    // SIGTERM: PostgreSQL's smart shutdown, which its clients (all in the dead process) no longer hold up
    server.get().destroy();
    try {
      server.get().onExit().get(SHUTDOWN.toSeconds(), TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      server.get().destroyForcibly();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping the PostgreSQL server left running in " + dataDirectory, e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("cannot stop the PostgreSQL server left running in " + dataDirectory + ": " + e.getMessage(), e);
    }
    LOG.info("Stopped the PostgreSQL server (pid {}) an earlier Weft run left running in {}", server.get().pid(), dataDirectory);
  }

  /** Records this process as the one whose server runs on the directory. */
  static void own(Path dataDirectory) throws IOException {
    Files.writeString(ownerFile(dataDirectory), Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
  }

  /** Beside the data directory, not in it: initdb wants an empty directory. */
  static Path ownerFile(Path dataDirectory) {
    return dataDirectory.resolveSibling(dataDirectory.getFileName() + ".owner");
  }

  /** The postmaster that {@code postmaster.pid} names, if it is alive and is a PostgreSQL process. */
  private static Optional<ProcessHandle> runningServer(Path dataDirectory) throws IOException {
    return readPid(dataDirectory.resolve("postmaster.pid")).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive)
        .filter(process -> process.info().command().map(command -> command.contains("postgres")).orElse(true));
  }

  private static Optional<Long> readPid(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    String first = Files.readString(file, StandardCharsets.US_ASCII).lines().findFirst().orElse("").strip();
    return first.matches("[0-9]{1,10}") ? Optional.of(Long.parseLong(first)) : Optional.empty();
  }
}
