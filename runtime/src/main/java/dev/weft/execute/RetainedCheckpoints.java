package dev.weft.execute;

import dev.weft.jobs.sink.CommitSettings;
import dev.weft.jobs.sink.ProductSnapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.FileNotFoundException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
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

  /**
   * Every checkpoint and savepoint folder with its metadata, at most two levels down
   * ({@code <job id>/chk-<n>}, {@code <job id>/savepoint-…}, {@code savepoint-…}), listed through
   * Flink's {@link FileSystem}, so any location Flink can write checkpoints to can be listed. The
   * paths are {@code productCheckpoints} resolved by the folder names found.
   */
  private static Stream<Path> all(Path productCheckpoints) {
    org.apache.flink.core.fs.Path root = flinkPath(productCheckpoints);
    try {
      FileSystem fs = root.getFileSystem();
      List<Path> found = new ArrayList<>();
      for (FileStatus child : folders(fs, root)) {
        Path childPath = productCheckpoints.resolve(child.getPath().getName());
        if (isSnapshot(childPath)) {
          found.add(childPath);
        }
        for (FileStatus grandchild : folders(fs, child.getPath())) {
          Path grandchildPath = childPath.resolve(grandchild.getPath().getName());
          if (isSnapshot(grandchildPath)) {
            found.add(grandchildPath);
          }
        }
      }
      List<Path> complete = new ArrayList<>();
      for (Path snapshot : found) {
        org.apache.flink.core.fs.Path metadata = flinkPath(snapshot.resolve(METADATA));
        if (isFile(fs, metadata)) {
          complete.add(snapshot);
        }
      }
      return complete.stream();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the checkpoints in " + productCheckpoints, e);
    }
  }

  /**
   * The folders in {@code folder}; none when it does not exist or is no folder, or was removed
   * while listed (Flink discards a subsumed checkpoint at any time).
   */
  private static List<FileStatus> folders(FileSystem fs, org.apache.flink.core.fs.Path folder) throws IOException {
    try {
      if (!fs.exists(folder) || !fs.getFileStatus(folder).isDir()) {
        return List.of();
      }
      FileStatus[] children = fs.listStatus(folder);
      return children == null ? List.of() : Arrays.stream(children).filter(FileStatus::isDir).toList();
    } catch (FileNotFoundException removed) {
      return List.of();
    }
  }

  private static boolean isFile(FileSystem fs, org.apache.flink.core.fs.Path file) throws IOException {
    try {
      return fs.exists(file) && !fs.getFileStatus(file).isDir();
    } catch (FileNotFoundException removed) {
      return false;
    }
  }

  private static org.apache.flink.core.fs.Path flinkPath(Path path) {
    return new org.apache.flink.core.fs.Path(path.toAbsolutePath().toUri());
  }

  private static boolean isSnapshot(Path directory) {
    String name = directory.getFileName().toString();
    return name.matches("chk-\\d+") || name.startsWith("savepoint-");
  }

  /** When the checkpoint completed: its metadata is written last. */
  private static long completedAt(Path checkpoint) {
    org.apache.flink.core.fs.Path metadata = flinkPath(checkpoint.resolve(METADATA));
    try {
      return metadata.getFileSystem().getFileStatus(metadata).getModificationTime();
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
