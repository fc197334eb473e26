package dev.weft.maintain;

import java.util.Map;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.SnapshotSummary;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * How many files a table is made of, as maintenance sees it.
 *
 * @param liveFiles data and delete files of the current snapshot: what a query opens
 * @param snapshots snapshots kept in the table's metadata
 * @param storedFiles every file under the table's location: data, deletes, manifests, metadata,
 *     and files no snapshot references
 */
public record TableFiles(long liveFiles, int snapshots, long storedFiles) {

  public static TableFiles of(Table table) {
    table.refresh();
    Snapshot current = table.currentSnapshot();
    long live = 0;
    if (current != null) {
      Map<String, String> summary = current.summary();
      live = Long.parseLong(summary.getOrDefault(SnapshotSummary.TOTAL_DATA_FILES_PROP, "0"))
          + Long.parseLong(summary.getOrDefault(SnapshotSummary.TOTAL_DELETE_FILES_PROP, "0"));
    }
    int snapshots = 0;
    for (Snapshot ignored : table.snapshots()) {
      snapshots++;
    }
    return new TableFiles(live, snapshots, stored(table));
  }

  private static long stored(Table table) {
    if (!(table.io() instanceof SupportsPrefixOperations listing)) {
      return -1;
    }
    long count = 0;
    for (var ignored : listing.listPrefix(folder(table))) {
      count++;
    }
    return count;
  }

  /**
   * The table's location as a prefix of its files alone: an object store lists every key that starts
   * with the prefix, so {@code …/orders_v1} would also list the files of {@code …/orders_v10}.
   */
  static String folder(Table table) {
    String location = table.location();
    return location.endsWith("/") ? location : location + "/";
  }
}
