package dev.weft.crash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.LeaseHolder;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One writer per product: a second {@code weft run} of a product that already runs (another JVM,
 * another work dir) is refused, naming where it runs; once that holder is killed with SIGKILL, the
 * next run starts at once, without a cleanup and without waiting for the holder's lease to expire.
 */
class SecondWriterITCase {
  private static final String RUNNING = "products are running";
  private static final String REFUSED = "is already running";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void aSecondRunIsRefusedWithWhereTheFirstRunsAndAKilledHolderIsTakenOverAtOnce() throws Exception {
    Path dir = Files.createTempDirectory("weft-second-writer-");
    Path spec = CrashMatrixITCase.writeSpecs(dir, "crash-ledger").get(0);
    new Topics(STACK.stack().kafka().clientProperties()).create(AccountChanges.TOPIC, AccountChanges.PARTITIONS);

    WeftProcess first = WeftProcess.start(dir, dir.resolve("first.log"), List.of(RUNNING), run(spec, dir.resolve("work-first")));
    WeftProcess second = null;
    WeftProcess third = null;
    try {
      assertThat(first.awaitOutput(RUNNING, START_TIMEOUT)).as("the first run starts (see %s)", dir.resolve("first.log")).isTrue();

      second = WeftProcess.start(dir, dir.resolve("second.log"), List.of(RUNNING, REFUSED), run(spec, dir.resolve("work-second")));
      assertThat(second.awaitExit(START_TIMEOUT)).as("the second run's exit code (see %s)", dir.resolve("second.log")).isEqualTo(1);
      String refusal = Files.readAllLines(dir.resolve("second.log")).stream().filter(l -> l.contains(REFUSED)).findFirst().orElse("");
      assertThat(refusal).matches("product crash\\.crash-ledger@1 is already running as Flink job [0-9a-f]{32} in the weft process "
          + first.pid() + " on " + java.util.regex.Pattern.quote(LeaseHolder.thisHost())
          + "; stop it there first \\(a second writer would abort its Kafka transactions and lose records from the topic\\)");

      first.kill();
      // the lease's heartbeat is still fresh: only seeing that its process is gone lets this run start
      third = WeftProcess.start(dir, dir.resolve("third.log"), List.of(RUNNING, REFUSED), run(spec, dir.resolve("work-first")));
      assertThat(third.awaitOutput(RUNNING, START_TIMEOUT)).as("the run after the kill starts (see %s)", dir.resolve("third.log")).isTrue();
    } finally {
      for (WeftProcess process : new WeftProcess[] {first, second, third}) {
        if (process != null && process.isAlive()) {
          process.kill();
        }
      }
    }
  }

  private static List<String> run(Path spec, Path workDir) {
    return new ArrayList<>(List.of(STACK.withServiceFlags("run", spec.toString(), "--work-dir", workDir.toString())));
  }
}
