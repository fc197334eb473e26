package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.jobs.sink.ProductSnapshot;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which retained checkpoint a product continues from: the newest of any run, unless the table is newer. */
class RetainedCheckpointsTest {
  private static final Instant T = Instant.parse("2026-12-07T09:00:00Z");

  @TempDir Path checkpoints;
  private Table table;

  @BeforeEach
  void createTable() {
    InMemoryCatalog catalog = new InMemoryCatalog();
    catalog.initialize("test", Map.of());
    catalog.createNamespace(Namespace.of("orders"));
    table = catalog.createTable(TableIdentifier.of("orders", "order_events_v1"),
        new Schema(Types.NestedField.required(1, "order_id", Types.LongType.get())));
  }

  @Test
  void theNewestCheckpointOfAnyRunWinsWhateverItsNumber() throws Exception {
    checkpoint("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/chk-41", T);
    // a later run started without state counts from 1 again
    Path newest = checkpoint("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/chk-2", T.plusSeconds(60));
    checkpoint("cccccccccccccccccccccccccccccccc/chk-17", T.plusSeconds(30));
    // still being written: no metadata yet
    Files.createDirectories(checkpoints.resolve("dddddddddddddddddddddddddddddddd/chk-3"));

    assertThat(RetainedCheckpoints.newest(checkpoints, table)).contains(newest);
  }

  @Test
  void aSavepointOfARunUntilIdleCountsLikeACheckpoint() throws Exception {
    checkpoint("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/chk-5", T);
    Path savepoint = checkpoint("savepoint-aaaaaa-0123456789ab", T.plusSeconds(10));
    commit(T.plusSeconds(5));

    assertThat(RetainedCheckpoints.newest(checkpoints, table)).contains(savepoint);
  }

  @Test
  void theCheckpointThatMadeTheTablesLastCommitIsNotOlderThanTheTable() throws Exception {
    Path checkpoint = checkpoint("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/chk-5", T.plusMillis(300));
    commit(T);

    assertThat(RetainedCheckpoints.newest(checkpoints, table)).contains(checkpoint);
  }

  @Test
  void noneWhenTheTableWasCommittedByACheckpointTakenAfterTheNewestRetainedOne() throws Exception {
    checkpoint("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/chk-5", T);
    // a bounded run (or one with another work dir) committed since, and left no checkpoint here
    commit(T.plusSeconds(30));

    assertThat(RetainedCheckpoints.newest(checkpoints, table)).isEmpty();
  }

  @Test
  void noneWhenNoRunLeftACheckpoint() {
    assertThat(RetainedCheckpoints.newest(checkpoints.resolve("never-ran"), table)).isEmpty();
  }

  private Path checkpoint(String path, Instant completed) throws Exception {
    Path checkpoint = Files.createDirectories(checkpoints.resolve(path));
    Path metadata = Files.writeString(checkpoint.resolve("_metadata"), "metadata");
    Files.setLastModifiedTime(metadata, FileTime.from(completed));
    return checkpoint;
  }

  private void commit(Instant checkpointTriggered) {
    table.newAppend()
        .set(ProductSnapshot.RUN_ID, "run")
        .set(ProductSnapshot.CHECKPOINT_ID, "5")
        .set(ProductSnapshot.CHECKPOINT_TIMESTAMP, Long.toString(checkpointTriggered.toEpochMilli()))
        .commit();
  }
}
