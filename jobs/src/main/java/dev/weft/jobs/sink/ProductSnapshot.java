package dev.weft.jobs.sink;

import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * What Weft writes into every Iceberg snapshot summary it commits, and how to read it back: which
 * run and checkpoint committed it, the input positions it covers and the event-time watermark.
 */
public record ProductSnapshot(
    long snapshotId, String runId, long checkpointId, SourcePositions positions, Optional<Long> watermark) {

  public static final String RUN_ID = "weft.run-id";
  public static final String CHECKPOINT_ID = "weft.checkpoint-id";
  public static final String SOURCE_OFFSETS = "weft.source-offsets";
  public static final String WATERMARK = "weft.watermark";
  public static final String PRODUCT_VERSION = "weft.product-version";
  /**
   * When the committed checkpoint was triggered (epoch ms; the commit time at the end of a bounded
   * input): a retained checkpoint that completed before it is older than the table.
   */
  public static final String CHECKPOINT_TIMESTAMP = "weft.checkpoint-timestamp";
  /** Iceberg's own Flink sink keys, kept so that tools that know them keep working. */
  public static final String FLINK_JOB_ID = "flink.job-id";
  public static final String FLINK_MAX_CHECKPOINT = "flink.max-committed-checkpoint-id";
  /** The run and checkpoint of a re-drive's commit ({@code weft redrive}): no product snapshot, so its positions stay the product's. */
  public static final String REDRIVE_RUN_ID = "weft.redrive.run-id";
  public static final String REDRIVE_CHECKPOINT_ID = "weft.redrive.checkpoint-id";

  /**
   * The summary keys a committer names its run and checkpoint with: a product's, or a re-drive's, whose
   * snapshots every reader of {@link #latest} passes over as it passes over a compaction's.
   */
  public record Keys(String runId, String checkpointId) implements java.io.Serializable {
    public static final Keys PRODUCT = new Keys(RUN_ID, CHECKPOINT_ID);
    public static final Keys REDRIVE = new Keys(REDRIVE_RUN_ID, REDRIVE_CHECKPOINT_ID);
  }

  /** The newest snapshot Weft committed to the table, if any. */
  public static Optional<ProductSnapshot> latest(Table table) {
    for (Snapshot s = table.currentSnapshot(); s != null; s = parent(table, s)) {
      Optional<ProductSnapshot> ours = of(s);
      if (ours.isPresent()) {
        return ours;
      }
    }
    return Optional.empty();
  }

  /** The highest checkpoint of {@code runId} that was committed to the table, or -1. */
  public static long lastCommittedCheckpoint(Table table, String runId) {
    return lastCommittedCheckpoint(table, runId, Keys.PRODUCT);
  }

  /** The highest checkpoint of {@code runId}, named with {@code keys}, that was committed to the table, or -1. */
  public static long lastCommittedCheckpoint(Table table, String runId, Keys keys) {
    for (Snapshot s = table.currentSnapshot(); s != null; s = parent(table, s)) {
      if (runId.equals(s.summary().get(keys.runId()))) {
        return Long.parseLong(s.summary().get(keys.checkpointId()));
      }
    }
    return -1;
  }

  /** The snapshot that committed checkpoint {@code checkpointId} of run {@code runId}, if the table holds one. */
  public static Optional<ProductSnapshot> ofCheckpoint(Table table, String runId, long checkpointId) {
    return ofCheckpoint(table, runId, checkpointId, Keys.PRODUCT);
  }

  /** As {@link #ofCheckpoint(Table, String, long)}, for a committer that names its runs with {@code keys}. */
  public static Optional<ProductSnapshot> ofCheckpoint(Table table, String runId, long checkpointId, Keys keys) {
    for (Snapshot s = table.currentSnapshot(); s != null; s = parent(table, s)) {
      if (runId.equals(s.summary().get(keys.runId()))) {
        long committed = Long.parseLong(s.summary().get(keys.checkpointId()));
        if (committed <= checkpointId) {
          if (committed != checkpointId) {
            return Optional.empty();
          }
          var summary = s.summary();
          return Optional.of(new ProductSnapshot(s.snapshotId(), runId, committed,
              summary.containsKey(SOURCE_OFFSETS) ? SourcePositions.fromJson(summary.get(SOURCE_OFFSETS)) : SourcePositions.empty(),
              Optional.ofNullable(summary.get(WATERMARK)).map(Long::parseLong)));
        }
      }
    }
    return Optional.empty();
  }

  public static Optional<ProductSnapshot> of(Snapshot snapshot) {
    var summary = snapshot.summary();
    if (!summary.containsKey(RUN_ID)) {
      return Optional.empty();
    }
    return Optional.of(new ProductSnapshot(
        snapshot.snapshotId(),
        summary.get(RUN_ID),
        Long.parseLong(summary.get(CHECKPOINT_ID)),
        summary.containsKey(SOURCE_OFFSETS) ? SourcePositions.fromJson(summary.get(SOURCE_OFFSETS)) : SourcePositions.empty(),
        Optional.ofNullable(summary.get(WATERMARK)).map(Long::parseLong)));
  }

  private static Snapshot parent(Table table, Snapshot s) {
    return s.parentId() == null ? null : table.snapshot(s.parentId());
  }
}
