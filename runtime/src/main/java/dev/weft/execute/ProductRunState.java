package dev.weft.execute;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;

/**
 * What the process running a product last wrote about it, kept beside the product's checkpoints so
 * that {@code weft status}, in another process, can show it: which process runs it as which Flink
 * job, since when, and its restarts.
 *
 * @param state RUNNING, FINISHED (a run until idle ended), STOPPED (Ctrl-C), FAILED
 * @param host where the running process is
 * @param pid the running process
 * @param job the product's Flink job
 * @param startedAt when the job was submitted
 * @param restarts how often the job restarted from its last checkpoint in this run
 * @param lastRestart the last restart, as {@link JobRestarts#describe()} says it, or empty
 * @param reason why the run failed, or empty
 * @param updatedAt when this was written
 */
public record ProductRunState(String state, String host, long pid, String job, Instant startedAt, int restarts,
    String lastRestart, String reason, Instant updatedAt) {
  static final String FILE = "run-state.properties";

  /** The state of a run that has just been submitted in this process. */
  static ProductRunState started(RunningProduct product) {
    Instant now = Instant.now();
    return new ProductRunState("RUNNING", thisHost(), ProcessHandle.current().pid(), product.jobId().toString(), now, 0, "", "", now);
  }

  ProductRunState restarted(JobRestarts jobRestarts) {
    return new ProductRunState(state, host, pid, job, startedAt, jobRestarts.count(), jobRestarts.describe(), reason, Instant.now());
  }

  ProductRunState ended(String endState, String why) {
    return new ProductRunState(endState, host, pid, job, startedAt, restarts, lastRestart, why, Instant.now());
  }

  /** Whether the process that wrote this still runs: known only on the same host. */
  public Optional<Boolean> processAlive() {
    return host.equals(thisHost()) ? Optional.of(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) : Optional.empty();
  }

  /** Written beside the product's checkpoints; replaced at once, so a reader never sees half of it. */
  public void write(Path productCheckpoints) {
    Properties properties = new Properties();
    properties.setProperty("state", state);
    properties.setProperty("host", host);
    properties.setProperty("pid", Long.toString(pid));
    properties.setProperty("job", job);
    properties.setProperty("started-at", startedAt.toString());
    properties.setProperty("restarts", Integer.toString(restarts));
    properties.setProperty("last-restart", lastRestart);
    properties.setProperty("reason", reason);
    properties.setProperty("updated-at", updatedAt.toString());
    try {
      Files.createDirectories(productCheckpoints);
      Path next = productCheckpoints.resolve(FILE + ".next");
      try (Writer out = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
        properties.store(out, "written by the weft process that runs the product; read by weft status");
      }
      Files.move(next, productCheckpoints.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run state of the product into " + productCheckpoints, e);
    }
  }

  /** The state the last process that ran the product wrote, if any ran it with this work dir. */
  public static Optional<ProductRunState> read(Path productCheckpoints) {
    Path file = productCheckpoints.resolve(FILE);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
    return Optional.of(new ProductRunState(p.getProperty("state"), p.getProperty("host"), Long.parseLong(p.getProperty("pid")),
        p.getProperty("job"), Instant.parse(p.getProperty("started-at")), Integer.parseInt(p.getProperty("restarts")),
        p.getProperty("last-restart", ""), p.getProperty("reason", ""), Instant.parse(p.getProperty("updated-at"))));
  }

  private static String thisHost() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return "localhost";
    }
  }
}
