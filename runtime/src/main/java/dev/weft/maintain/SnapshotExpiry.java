package dev.weft.maintain;

import dev.weft.jobs.sink.ProductSnapshot;
import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Expires snapshots older than the product keeps them, and deletes the files only they referenced.
 *
 * <p>The newest snapshot Weft committed is always kept, with every snapshot after it: it records
 * the input positions the table covers, which a product restarting without its checkpoint resumes
 * from; the snapshots of compactions after it do not carry them.
 */
final class SnapshotExpiry {
  private SnapshotExpiry() {}

  static void run(Table table, Duration keep, Instant now) {
    table.refresh();
    if (table.currentSnapshot() == null) {
      return;
    }
    long cutoff = now.minus(keep).toEpochMilli();
    var newestOfOurs = ProductSnapshot.latest(table).map(p -> table.snapshot(p.snapshotId())).map(Snapshot::timestampMillis);
    if (newestOfOurs.isPresent()) {
      cutoff = Math.min(cutoff, newestOfOurs.get());
    }
    table.expireSnapshots().expireOlderThan(cutoff).retainLast(1).commit();
  }
}
