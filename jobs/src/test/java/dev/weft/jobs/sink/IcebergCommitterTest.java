package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.hadoop.HadoopTables;
import org.apache.iceberg.io.WriteResult;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the table commits what the writers flushed at the end of a bounded input: a checkpointed job
 * (a CDC product's snapshot-only run) must wait for the checkpoint after the end, whose topic
 * transactions hold the topic's last records; committing at the end itself left a window in which a
 * crash kept the rows in the table and took them from the topic.
 */
class IcebergCommitterTest {
  private static final Schema SCHEMA = new Schema(Types.NestedField.required(1, "order_id", Types.LongType.get()));

  @TempDir
  Path directory;

  @Test
  void aCheckpointedJobCommitsTheEndOfItsInputWithTheCheckpointAfterIt() throws Exception {
    String location = table();
    try (var harness = harness(location, true)) {
      harness.open();
      harness.processElement(IcebergWriteBatch.toBytes(endOfInput(41)), 1);
      harness.endInput();
      assertThat(snapshots(location)).as("table commits before the final checkpoint").isEmpty();

      harness.snapshot(7, 1_000);
      harness.notifyOfCompletedCheckpoint(7);
      List<Snapshot> snapshots = snapshots(location);
      assertThat(snapshots).hasSize(1);
      Map<String, String> summary = snapshots.get(0).summary();
      assertThat(summary).containsEntry(ProductSnapshot.CHECKPOINT_ID, "7")
          .containsEntry(ProductSnapshot.SOURCE_OFFSETS, "{\"shop.orders\":{\"0\":41}}");
    }
  }

  @Test
  void aJobWithoutCheckpointsCommitsAtTheEndOfItsInput() throws Exception {
    String location = table();
    try (var harness = harness(location, false)) {
      harness.open();
      harness.processElement(IcebergWriteBatch.toBytes(endOfInput(41)), 1);
      harness.endInput();
      List<Snapshot> snapshots = snapshots(location);
      assertThat(snapshots).hasSize(1);
      assertThat(snapshots.get(0).summary()).containsEntry(ProductSnapshot.CHECKPOINT_ID, Long.toString(IcebergRowWriter.END_OF_INPUT))
          .containsEntry(ProductSnapshot.SOURCE_OFFSETS, "{\"shop.orders\":{\"0\":41}}");
    }
  }

  private String table() {
    String location = directory.resolve("orders").toString();
    new HadoopTables(new Configuration()).create(SCHEMA, PartitionSpec.unpartitioned(), location);
    return location;
  }

  private static OneInputStreamOperatorTestHarness<byte[], Void> harness(String location, boolean checkpointed) throws Exception {
    IcebergCommitter committer = new IcebergCommitter(TableLoader.fromHadoopTable(location), "shop.orders", "1.0.0", false,
        new IcebergCommitRetries(CommitSettings.defaults(location + "-checkpoints")), TopicCommitsFirst.none(), 0);
    var harness = new OneInputStreamOperatorTestHarness<byte[], Void>(committer);
    harness.getStreamConfig().setCheckpointingEnabled(checkpointed);
    return harness;
  }

  /** What the read positions report at the end of the input: no files, the last offset read. */
  private static IcebergWriteBatch endOfInput(long offset) {
    SourcePositions.Tracker read = new SourcePositions.Tracker();
    read.saw("shop.orders", 0, offset);
    return new IcebergWriteBatch(IcebergRowWriter.END_OF_INPUT, WriteResult.builder().build(), read.drain(), Long.MIN_VALUE);
  }

  private static List<Snapshot> snapshots(String location) {
    List<Snapshot> snapshots = new ArrayList<>();
    new HadoopTables(new Configuration()).load(location).snapshots().forEach(snapshots::add);
    return snapshots;
  }
}
