package dev.weft.cli;

import dev.weft.execute.ProductRunState;
import dev.weft.execute.RetainedCheckpoints;
import dev.weft.spec.Durations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** How a stream product's last run in a work dir stands: its process and restarts, and the checkpoint a next start restores. */
final class RunStatus {
  private final Path productCheckpoints;
  private final Clock clock;

  RunStatus(Path productCheckpoints, Clock clock) {
    this.productCheckpoints = productCheckpoints;
    this.clock = clock;
  }

  void print(PrintWriter out) {
    Optional<ProductRunState> state = ProductRunState.read(productCheckpoints);
    out.println("  run           " + state.map(this::describe).orElse("never run with this work dir"));
    state.filter(s -> s.restarts() > 0).ifPresent(s -> out.println("  restarts      " + s.restarts() + ", last: " + s.lastRestart()));
    Optional<Path> newest = RetainedCheckpoints.newest(productCheckpoints);
    out.println("  checkpoint    " + newest
        .map(p -> p.getParent().getFileName() + "/" + p.getFileName() + ", completed " + ago(RetainedCheckpoints.completedTime(p))
            + " (the next start restores it)")
        .orElse("none retained (the next start reads from the input positions its table records)"));
  }

  private String describe(ProductRunState s) {
    String where = "process " + s.pid() + " on " + s.host() + ", Flink job " + s.job();
    return switch (s.state()) {
      case "RUNNING" -> s.processAlive().orElse(true)
          ? "running in " + where + ", since " + ago(s.startedAt())
          : "not running: " + where + " ended without stopping it (killed?), last heard of " + ago(s.updatedAt());
      case "FINISHED" -> "caught up with its inputs and stopped " + ago(s.updatedAt()) + " (" + where + ")";
      case "STOPPED" -> "stopped " + ago(s.updatedAt()) + " (" + where + ")";
      case "FAILED" -> "failed " + ago(s.updatedAt()) + " (" + where + "): " + s.reason();
      default -> s.state() + " (" + where + ")";
    };
  }

  private String ago(Instant then) {
    return ago(then, clock);
  }

  /** "2026-12-07T10:00:00Z, 2 h ago". */
  static String ago(Instant then, Clock clock) {
    Duration age = Duration.between(then, clock.instant());
    return then.truncatedTo(ChronoUnit.SECONDS) + ", " + Durations.forPeople(age) + " ago";
  }
}
