package dev.weft.jobs.sink;

import dev.weft.jobs.chaos.FailureInjector;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.execution.SuppressRestartsException;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.ReplacePartitions;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.SnapshotUpdate;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.TableLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits what the writers wrote, one Iceberg snapshot per completed checkpoint, in checkpoint
 * order (an upsert's equality deletes only apply to earlier snapshots). Each snapshot summary
 * names the run and checkpoint, so a recovery never commits the same checkpoint twice, and the
 * input positions covered, so a restore that would go behind the table is refused. The positions
 * come from the inputs ({@link ReadPositionReporter}): a checkpoint that read records but wrote no
 * file (all dead-lettered, filtered out or still in an aggregate's state) is committed too, as a
 * snapshot without files, so a start without state never reads those records again.
 * Runs with parallelism 1.
 */
public class IcebergCommitter extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<byte[], Void>, BoundedOneInput {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(IcebergCommitter.class);

  private final TableLoader tableLoader;
  private final String productName;
  private final String productVersion;
  private final boolean overwrite;
  private final long failAfterCommits;
  private final IcebergCommitRetries retries;
  private final TopicCommitsFirst topicCommitsFirst;
  /** Which summary keys name this committer's run and checkpoints: a product's, or a re-drive's. */
  private final ProductSnapshot.Keys keys;
  /** The run id of a committer that starts without state; null for a new random one. */
  private final String newRunId;

  private transient Table table;
  private transient ListState<byte[]> state;
  private transient String runId;
  /** Position of everything committed so far. */
  private transient SourcePositions committed;
  private transient NavigableMap<Long, List<IcebergWriteBatch>> pending;
  /** When each checkpoint with pending batches was triggered (epoch ms), for the snapshot summary. */
  private transient NavigableMap<Long, Long> checkpointTimes;
  /** The event-time watermark of the last commit that had one. */
  private transient Optional<Long> watermark;
  private transient int commits;
  /** When the table last took a commit (epoch ms): its freshness, as Iceberg's own committer reports it. */
  private transient volatile long lastCommitMillis;
  /** Recovery drill: a checkpoint with pending batches completed and was deliberately left uncommitted. */
  private transient boolean skippedOne;

  /**
   * @param overwrite replace the partitions the new files fall in (a batch run's result), instead
   *     of adding to the table
   * @param retries how a failed commit is tried again in place
   * @param topicCommitsFirst what a checkpoint's commit waits for: its topic transactions committed
   * @param failAfterCommits recovery drill: after this many commits, leave the next checkpoint
   *     that has something to commit uncommitted and fail the job without restarts when the one
   *     after it completes, as a crash between the Kafka and the Iceberg commit would (0 = never)
   */
  public IcebergCommitter(TableLoader tableLoader, String productName, String productVersion, boolean overwrite,
      IcebergCommitRetries retries, TopicCommitsFirst topicCommitsFirst, long failAfterCommits) {
    this(tableLoader, productName, productVersion, overwrite, retries, topicCommitsFirst, failAfterCommits, ProductSnapshot.Keys.PRODUCT, null);
  }

  /**
   * The committer of a re-drive ({@code weft redrive}): its snapshots name its run with
   * {@link ProductSnapshot.Keys#REDRIVE} and record no input positions, checkpoint time or watermark,
   * so that for the product (its restores, its starting positions, expiry, verify) they are like a
   * compaction's: rows added, nothing else.
   *
   * @param runId the re-drive's run id, recorded in each of its snapshots
   */
  public static IcebergCommitter forRedrive(TableLoader tableLoader, String productName, String productVersion,
      IcebergCommitRetries retries, TopicCommitsFirst topicCommitsFirst, String runId) {
    return new IcebergCommitter(tableLoader, productName, productVersion, false, retries, topicCommitsFirst, 0,
        ProductSnapshot.Keys.REDRIVE, runId);
  }

  private IcebergCommitter(TableLoader tableLoader, String productName, String productVersion, boolean overwrite,
      IcebergCommitRetries retries, TopicCommitsFirst topicCommitsFirst, long failAfterCommits, ProductSnapshot.Keys keys, String newRunId) {
    this.keys = keys;
    this.newRunId = newRunId;
    this.tableLoader = tableLoader;
    this.productName = productName;
    this.productVersion = productVersion;
    this.overwrite = overwrite;
    this.failAfterCommits = failAfterCommits;
    this.retries = retries;
    this.topicCommitsFirst = topicCommitsFirst;
  }

  /**
   * What a checkpoint holds: the run, the position it stands for, files not yet committed and when
   * their checkpoints were triggered (null in checkpoints taken before Weft recorded it).
   */
  private record CommitterState(String runId, SourcePositions position, TreeMap<Long, List<IcebergWriteBatch>> pending,
      TreeMap<Long, Long> checkpointTimes) implements Serializable {}

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    tableLoader.open();
    table = tableLoader.loadTable();
    state = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("weft-iceberg-committer", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
    pending = new TreeMap<>();
    checkpointTimes = new TreeMap<>();
    var latest = redrive() ? Optional.<ProductSnapshot>empty() : ProductSnapshot.latest(table);
    committed = latest.map(ProductSnapshot::positions).orElse(SourcePositions.empty());
    watermark = latest.flatMap(ProductSnapshot::watermark);
    lastCommitMillis = table.currentSnapshot() == null ? System.currentTimeMillis() : table.currentSnapshot().timestampMillis();
    getMetricGroup().gauge("elapsedSecondsSinceLastSuccessfulCommit",
        (org.apache.flink.metrics.Gauge<Long>) () -> (System.currentTimeMillis() - lastCommitMillis) / 1000);
    List<byte[]> stored = new ArrayList<>();
    state.get().forEach(stored::add);
    if (!context.isRestored() || stored.isEmpty()) {
      runId = newRunId != null ? newRunId : UUID.randomUUID().toString();
      return;
    }
    CommitterState restored = IcebergWriteBatch.fromBytes(stored.get(0), getUserCodeClassloader());
    runId = restored.runId();
    refuseRestoreBehindTable(restored, latest.orElse(null));
    long lastCommitted = ProductSnapshot.lastCommittedCheckpoint(table, runId, keys);
    restored.pending().tailMap(lastCommitted, false).forEach(pending::put);
    if (restored.checkpointTimes() != null) {
      checkpointTimes.putAll(restored.checkpointTimes().tailMap(lastCommitted, false));
    }
    commitUpTo(Long.MAX_VALUE - 1);
  }

  /**
   * A checkpoint or savepoint older than the table's last commit would re-read input the table
   * already holds and publish it twice. Nothing can make that right afterwards, so refuse now.
   */
  private void refuseRestoreBehindTable(CommitterState restored, ProductSnapshot latest) {
    if (latest == null || latest.runId().equals(restored.runId()) && restored.position().behind(latest.positions()).isEmpty()) {
      return;
    }
    List<String> ahead = restored.position().behind(latest.positions());
    if (ahead.isEmpty()) {
      return;
    }
    throw new RestoreRefusedException("Refusing to restore product " + productName + ": table " + table.name()
        + " already holds input up to " + String.join(", ", ahead) + " (snapshot " + latest.snapshotId()
        + ", checkpoint " + latest.checkpointId() + " of run " + latest.runId()
        + "), past the position of the checkpoint being restored. Restoring it would publish those records twice."
        + " Restore from the latest checkpoint instead, or start without state: the job then resumes from the table's position.");
  }

  @Override
  public void processElement(StreamRecord<byte[]> element) {
    IcebergWriteBatch batch = IcebergWriteBatch.fromBytes(element.getValue(), getUserCodeClassloader());
    pending.computeIfAbsent(batch.checkpointId, id -> new ArrayList<>()).add(batch);
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<IcebergWriteBatch> ended = pending.remove(IcebergRowWriter.END_OF_INPUT);
    if (ended != null) {
      // the end of a bounded input in a checkpointed job: the topic's last records are in this checkpoint's transactions
      pending.computeIfAbsent(context.getCheckpointId(), id -> new ArrayList<>()).addAll(ended);
    }
    SourcePositions position = committed;
    for (List<IcebergWriteBatch> batches : pending.headMap(context.getCheckpointId(), true).values()) {
      for (IcebergWriteBatch batch : batches) {
        position = position.merge(batch.positions);
      }
    }
    if (pending.containsKey(context.getCheckpointId())) {
      checkpointTimes.put(context.getCheckpointId(), context.getCheckpointTimestamp());
    }
    state.update(List.of(IcebergWriteBatch.toBytes(
        new CommitterState(runId, position, new TreeMap<>(pending), new TreeMap<>(checkpointTimes)))));
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) throws Exception {
    super.notifyCheckpointComplete(checkpointId);
    if (failAfterCommits > 0 && commits >= failAfterCommits && !pending.headMap(checkpointId, true).isEmpty()) {
      if (skippedOne) {
        throw new SuppressRestartsException(new FailureInjector.InjectedFailure("injected failure of product " + productName
            + " before its table commit of checkpoint " + checkpointId + " (and of the one before it)"));
      }
      skippedOne = true;
      return;
    }
    commitUpTo(checkpointId);
  }

  /**
   * A job without checkpoints (a batch run) commits what its writers flushed at the end of their
   * input now. A checkpointed job (a CDC product's snapshot-only run) waits for the checkpoint that
   * Flink takes after every task has ended: the topic's last records are in that checkpoint's
   * transactions, and a table commit made now, before them, would leave the table holding records
   * that a crash could still take from the topic.
   */
  @Override
  public void endInput() {
    if (!getOperatorConfig().isCheckpointingEnabled()) {
      commitUpTo(IcebergRowWriter.END_OF_INPUT);
    }
  }

  private void commitUpTo(long checkpointId) {
    NavigableMap<Long, List<IcebergWriteBatch>> due = pending.headMap(checkpointId, true);
    for (Map.Entry<Long, List<IcebergWriteBatch>> entry : due.entrySet()) {
      retries.run("checkpoint " + entry.getKey() + " of " + productName, () -> commit(entry.getKey(), entry.getValue()),
          () -> madeMeanwhile(entry.getKey()));
    }
    due.clear();
    checkpointTimes.headMap(checkpointId, true).clear();
  }

  /** Whether a commit that failed had reached the table all the same; then what it committed counts. */
  private boolean madeMeanwhile(long checkpointId) {
    table.refresh();
    Optional<ProductSnapshot> made = ProductSnapshot.ofCheckpoint(table, runId, checkpointId, keys);
    made.ifPresent(snapshot -> committed = snapshot.positions());
    return made.isPresent();
  }

  private void commit(long checkpointId, List<IcebergWriteBatch> batches) {
    boolean hasDataFiles = batches.stream().anyMatch(b -> b.files.dataFiles().length > 0);
    if (overwrite && !hasDataFiles) {
      // replacing partitions with nothing replaces nothing, except in an unpartitioned table, where it empties it
      LOG.info("Product {}: no records to replace {} with; it stays as it was", productName, table.name());
      return;
    }
    topicCommitsFirst.awaitCommitted(checkpointId);
    table.refresh();
    boolean hasDeletes = batches.stream().anyMatch(b -> b.files.deleteFiles().length > 0);
    SourcePositions position = committed;
    long lowestWatermark = Long.MAX_VALUE;
    long records;
    SnapshotUpdate<?> update;
    if (overwrite) {
      ReplacePartitions replace = table.newReplacePartitions();
      records = addDataFiles(batches, replace::addFile);
      update = replace;
    } else if (hasDeletes) {
      RowDelta delta = table.newRowDelta();
      records = addDataFiles(batches, delta::addRows);
      for (IcebergWriteBatch batch : batches) {
        for (var file : batch.files.deleteFiles()) {
          delta.addDeletes(file);
        }
        delta.validateDataFilesExist(List.of(batch.files.referencedDataFiles()));
      }
      update = delta;
    } else {
      // also without files: a checkpoint that only read records still moves the table's positions on
      AppendFiles append = table.newAppend();
      records = addDataFiles(batches, append::appendFile);
      update = append;
    }
    for (IcebergWriteBatch batch : batches) {
      position = position.merge(batch.positions);
      lowestWatermark = Math.min(lowestWatermark, batch.watermark);
    }
    if (lowestWatermark != Long.MIN_VALUE && lowestWatermark != Long.MAX_VALUE) {
      watermark = Optional.of(lowestWatermark);
    }
    update.set(keys.runId(), runId);
    update.set(keys.checkpointId(), Long.toString(checkpointId));
    if (redrive()) {
      update.commit();
      commits++;
      LOG.info("Product {}: re-drive {} committed {} records to {} for checkpoint {}", productName, runId, records, table.name(), checkpointId);
      return;
    }
    update.set(ProductSnapshot.PRODUCT_VERSION, productVersion);
    update.set(ProductSnapshot.FLINK_JOB_ID, getRuntimeContext().getJobInfo().getJobId().toString());
    update.set(ProductSnapshot.FLINK_MAX_CHECKPOINT, Long.toString(checkpointId));
    // at the end of a bounded input there is no checkpoint; a checkpoint taken before Weft kept the time has none
    Long triggered = checkpointId == IcebergRowWriter.END_OF_INPUT
        ? Long.valueOf(System.currentTimeMillis())
        : checkpointTimes.get(checkpointId);
    if (triggered != null) {
      update.set(ProductSnapshot.CHECKPOINT_TIMESTAMP, Long.toString(triggered));
    }
    if (!position.isEmpty()) {
      update.set(ProductSnapshot.SOURCE_OFFSETS, position.toJson());
    }
    watermark.ifPresent(w -> update.set(ProductSnapshot.WATERMARK, Long.toString(w)));
    update.commit();
    committed = position;
    commits++;
    lastCommitMillis = System.currentTimeMillis();
    LOG.info("Product {}: {} {} records to {} {}", productName, overwrite ? "replaced its partitions with" : "committed", records, table.name(),
        checkpointId == IcebergRowWriter.END_OF_INPUT ? "at the end of its input" : "for checkpoint " + checkpointId);
  }

  private boolean redrive() {
    return keys.equals(ProductSnapshot.Keys.REDRIVE);
  }

  /** Hands every data file of the batches to {@code add}; returns how many records they hold. */
  private static long addDataFiles(List<IcebergWriteBatch> batches, Consumer<DataFile> add) {
    long records = 0;
    for (IcebergWriteBatch batch : batches) {
      for (DataFile file : batch.files.dataFiles()) {
        add.accept(file);
        records += file.recordCount();
      }
    }
    return records;
  }

  @Override
  public void close() throws Exception {
    topicCommitsFirst.close();
    tableLoader.close();
    super.close();
  }
}
