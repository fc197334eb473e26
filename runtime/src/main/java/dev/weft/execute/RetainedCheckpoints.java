package dev.weft.execute;

import dev.weft.jobs.sink.ProductSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.iceberg.Table;

/**
 * The checkpoint a product continues from when it runs again: the newest one retained by the run
 * that made the table's latest commit, and not older than that commit. Restoring it brings back
 * the job's state (join and changelog state, source positions, pending commits), so a product that
 * was stopped continues exactly where it stopped. When the table was last written by another run
 * (or never), there is none, and the product starts from the positions its table records.
 */
public final class RetainedCheckpoints {
  private RetainedCheckpoints() {}

  /** @param productCheckpoints the folder under which each run of the product keeps {@code <job id>/chk-<n>} */
  public static Optional<Path> resumable(Path productCheckpoints, Table table) {
    Optional<ProductSnapshot> latest = ProductSnapshot.latest(table);
    if (latest.isEmpty()) {
      return Optional.empty();
    }
    var summary = table.snapshot(latest.get().snapshotId()).summary();
    String jobId = summary.get(ProductSnapshot.FLINK_JOB_ID);
    if (jobId == null || !jobId.matches("[0-9a-f]{32}")) {
      return Optional.empty();
    }
    long committed = Long.parseLong(summary.getOrDefault(ProductSnapshot.FLINK_MAX_CHECKPOINT, "0"));
    Path run = productCheckpoints.resolve(jobId);
    if (!Files.isDirectory(run)) {
      return Optional.empty();
    }
    try (Stream<Path> checkpoints = Files.list(run)) {
      return checkpoints
          .filter(p -> p.getFileName().toString().matches("chk-\\d+") && Files.exists(p.resolve("_metadata")))
          .filter(p -> number(p) >= committed)
          .max(Comparator.comparingLong(RetainedCheckpoints::number));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + run, e);
    }
  }

  private static long number(Path checkpoint) {
    return Long.parseLong(checkpoint.getFileName().toString().substring("chk-".length()));
  }
}
