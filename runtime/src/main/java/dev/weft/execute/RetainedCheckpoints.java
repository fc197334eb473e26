package dev.weft.execute;

import dev.weft.jobs.sink.CommitSettings;
import dev.weft.jobs.sink.ProductSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.iceberg.Table;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoint a product continues from when it starts: the newest checkpoint or savepoint that
 * any run of the product retained, unless it is older than the table's last commit. Restoring it
 * brings back the job's state (join and changelog state, source positions) and commits what it
 * holds pending (Kafka transactions, Iceberg files), so the product continues exactly where its
 * outputs stand, whichever run wrote them.
 *
 * <p>Newest means completed last: checkpoint ids are no order across runs (a run started without
 * state counts from 1, a restored one from the restored id), so the time its {@code _metadata}
 * was written decides. A checkpoint completed before the checkpoint that made the table's last
 * commit was triggered ({@link ProductSnapshot#CHECKPOINT_TIMESTAMP}) is older than the table: a
 * run that left no checkpoint wrote it since (a bounded run, another work dir). Then there is none,
 * and the product starts from the positions its table records.
 */
public final class RetainedCheckpoints {
  private static final Logger LOG = LoggerFactory.getLogger(RetainedCheckpoints.class);
  private static final String METADATA = "_metadata";

  private RetainedCheckpoints() {}

  /**
   * @param productCheckpoints the folder under which each run of the product keeps
   *     {@code <job id>/chk-<n>}, and stops with {@code savepoint-…}
   */
  public static Optional<Path> newest(Path productCheckpoints, Table table) {
    Optional<Path> newest = newest(productCheckpoints);
    if (newest.isEmpty()) {
      return newest;
    }
    OptionalLong tableCheckpoint = lastCommittedCheckpointTime(table);
    if (tableCheckpoint.isPresent() && completedAt(newest.get()) < tableCheckpoint.getAsLong()) {
      LOG.warn("Table {} was committed after the newest retained checkpoint {} of its product was taken; "
          + "the product starts from the positions its table records", table.name(), newest.get());
      return Optional.empty();
    }
    return newest;
  }

  /**
   * The checkpoint through which the topic transactions restored with {@code restored} are known to
   * be committed: the table's last commit, if the run that retained {@code restored} (the job
   * folder it lies in: {@code <job id>/chk-<n>} or {@code <job id>/savepoint-…}) made it. A table
   * commit waits for its checkpoint's topic transactions, and earlier ones were committed before.
   */
  public static long topicCommittedThrough(String restored, Table table) {
    Path path = Path.of(java.net.URI.create(restored.contains(":") ? restored : "file:" + restored));
    String job = path.getParent() == null ? "" : path.getParent().getFileName().toString();
    return ProductSnapshot.latest(table)
        .filter(s -> job.equals(table.snapshot(s.snapshotId()).summary().get(ProductSnapshot.FLINK_JOB_ID)))
        .map(ProductSnapshot::checkpointId)
        .orElse(CommitSettings.NONE_KNOWN);
  }

  /** The checkpoint or savepoint that completed last of all those the product's runs retained. */
  public static Optional<Path> newest(Path productCheckpoints) {
    return all(productCheckpoints)
        .max(Comparator.comparingLong(RetainedCheckpoints::completedAt).thenComparingLong(RetainedCheckpoints::number));
  }

  /** When a retained checkpoint or savepoint completed. */
  public static Instant completedTime(Path checkpoint) {
    return Instant.ofEpochMilli(completedAt(checkpoint));
  }

  private static Stream<Path> all(Path productCheckpoints) {
    if (!Files.isDirectory(productCheckpoints)) {
      return Stream.empty();
    }
    try (Stream<Path> found = Files.find(productCheckpoints, 2, (path, attributes) -> attributes.isDirectory() && isSnapshot(path))) {
      return found.filter(p -> Files.isRegularFile(p.resolve(METADATA))).toList().stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + productCheckpoints, e);
    }
  }

  private static boolean isSnapshot(Path directory) {
    String name = directory.getFileName().toString();
    return name.matches("chk-\\d+") || name.startsWith("savepoint-");
  }

  /** When the checkpoint completed: its metadata is written last. */
  private static long completedAt(Path checkpoint) {
    try {
      return Files.getLastModifiedTime(checkpoint.resolve(METADATA)).toMillis();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + checkpoint.resolve(METADATA), e);
    }
  }

  private static long number(Path checkpoint) {
    String name = checkpoint.getFileName().toString();
    return name.startsWith("chk-") ? Long.parseLong(name.substring("chk-".length())) : 0;
  }

  private static OptionalLong lastCommittedCheckpointTime(Table table) {
    return ProductSnapshot.latest(table)
        .map(s -> table.snapshot(s.snapshotId()).summary().get(ProductSnapshot.CHECKPOINT_TIMESTAMP))
        .map(t -> OptionalLong.of(Long.parseLong(t)))
        .orElse(OptionalLong.empty());
  }
}
