package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ProductRunState;
import dev.weft.execute.ProductRunner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code weft status} says of a product's run from what the running process left in the work dir. */
class RunStatusTest {
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");

  @TempDir Path work;
  private Path checkpoints;
  private String host;

  @BeforeEach
  void product() throws Exception {
    ProductPlan plan = ProductSet.compile(List.of(Path.of("../product-specs/orders/order-events.yaml"))).plans().get(0);
    checkpoints = ProductRunner.checkpointDirectory(work.toString(), plan);
    host = InetAddress.getLocalHost().getHostName();
  }

  @Test
  void aProductNeverRunHasNoRunAndNoCheckpoint() {
    assertThat(status()).isEqualTo("""
          run           never run with this work dir
          checkpoint    none retained (the next start reads from the input positions its table records)
        """);
  }

  @Test
  void aRunningProductShowsItsProcessRestartsAndNewestCheckpoint() throws Exception {
    long pid = ProcessHandle.current().pid();
    new ProductRunState("RUNNING", host, pid, "4f0c", Instant.parse("2026-12-07T10:00:00Z"), 2,
        "restart 2 after 400 ms: java.lang.IllegalStateException: catalog down", "", Instant.parse("2026-12-07T11:59:00Z"))
        .write(checkpoints);
    checkpoint("4f0c/chk-7", Instant.parse("2026-12-07T11:59:30Z"));
    checkpoint("4f0c/chk-8", Instant.parse("2026-12-07T11:59:50Z"));
    checkpoint("0a1b/chk-9", Instant.parse("2026-12-07T09:00:00Z"));

    assertThat(status()).isEqualTo("""
          run           running in process %d on %s, Flink job 4f0c, since 2026-12-07T10:00:00Z, 2 h ago
          restarts      2, last: restart 2 after 400 ms: java.lang.IllegalStateException: catalog down
          checkpoint    4f0c/chk-8, completed 2026-12-07T11:59:50Z, 10 s ago (the next start restores it)
        """.formatted(pid, host));
  }

  @Test
  void aProductWhoseProcessWasKilledIsNotRunning() throws Exception {
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    new ProductRunState("RUNNING", host, gone.pid(), "4f0c", Instant.parse("2026-12-07T10:00:00Z"), 0, "", "",
        Instant.parse("2026-12-07T10:00:00Z")).write(checkpoints);
    checkpoint("4f0c/savepoint-4f0c00-0123456789ab", Instant.parse("2026-12-07T10:30:00Z"));

    assertThat(status()).isEqualTo("""
          run           not running: process %d on %s, Flink job 4f0c ended without stopping it (killed?), last heard of 2026-12-07T10:00:00Z, 2 h ago
          checkpoint    4f0c/savepoint-4f0c00-0123456789ab, completed 2026-12-07T10:30:00Z, 1 h 30 min ago (the next start restores it)
        """.formatted(gone.pid(), host));
  }

  @Test
  void aFailedRunSaysWhy() throws Exception {
    new ProductRunState("FAILED", host, 1, "4f0c", Instant.parse("2026-12-07T10:00:00Z"), 0, "",
        "product orders.order-events failed: catalog down", Instant.parse("2026-12-07T11:00:00Z")).write(checkpoints);

    assertThat(status()).startsWith("""
          run           failed 2026-12-07T11:00:00Z, 1 h ago (process 1 on %s, Flink job 4f0c): product orders.order-events failed: catalog down
        """.formatted(host));
  }

  private void checkpoint(String path, Instant completed) throws Exception {
    Path metadata = Files.createDirectories(checkpoints.resolve(path)).resolve("_metadata");
    Files.writeString(metadata, "x");
    Files.setLastModifiedTime(metadata, FileTime.from(completed));
  }

  private String status() {
    StringWriter text = new StringWriter();
    new RunStatus(checkpoints, Clock.fixed(NOW, ZoneOffset.UTC)).print(new PrintWriter(text, true));
    return text.toString();
  }
}
