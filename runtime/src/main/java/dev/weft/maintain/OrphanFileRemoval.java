package dev.weft.maintain;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.ArrayList;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.iceberg.ContentFile;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.ReachableFileUtil;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Deletes files under a table's location that no snapshot and no metadata file references.
 *
 * <p>Only files older than a minimum age are deleted: a running product writes its data files
 * before the checkpoint that commits them, so a young unreferenced file may be about to be
 * committed.
 */
final class OrphanFileRemoval {
  private OrphanFileRemoval() {}

  /** @return how many files were deleted */
  static int run(Table table, Duration minimumAge, Instant now) {
    if (!(table.io() instanceof SupportsPrefixOperations listing)) {
      throw new IllegalStateException("table " + table.name() + ": its file system cannot list files ("
          + table.io().getClass().getSimpleName() + "), so orphan files cannot be found");
    }
    table.refresh();
    Set<String> reachable = reachable(table);
    long olderThan = now.minus(minimumAge).toEpochMilli();
    int deleted = 0;
    for (FileInfo file : listing.listPrefix(TableFiles.folder(table))) {
      if (file.createdAtMillis() < olderThan && !reachable.contains(path(file.location()))) {
        table.io().deleteFile(file.location());
        deleted++;
      }
    }
    return deleted;
  }

  /** Every file the table's metadata references, by path (schemes and authorities are written differently by different writers). */
  private static Set<String> reachable(Table table) {
    Set<String> files = new HashSet<>();
    files.add(path(((HasTableOperations) table).operations().current().metadataFileLocation()));
    ReachableFileUtil.metadataFileLocations(table, true).forEach(f -> files.add(path(f)));
    files.add(path(ReachableFileUtil.versionHintLocation(table)));
    ReachableFileUtil.statisticsFilesLocations(table).forEach(f -> files.add(path(f)));
    for (Snapshot snapshot : table.snapshots()) {
      files.add(path(snapshot.manifestListLocation()));
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        if (files.add(path(manifest.path()))) {
          contentFiles(table, manifest).forEach(f -> files.add(path(f)));
        }
      }
    }
    return files;
  }

  private static List<String> contentFiles(Table table, ManifestFile manifest) {
    try (CloseableIterable<? extends ContentFile<?>> entries = switch (manifest.content()) {
      case DATA -> ManifestFiles.read(manifest, table.io(), table.specs());
      case DELETES -> ManifestFiles.readDeleteManifest(manifest, table.io(), table.specs());
    }) {
      List<String> paths = new ArrayList<>();
      entries.forEach(f -> paths.add(f.location()));
      return paths;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The path of a location: writers spell the same local file file:/x, file:///x or /x. */
  static String path(String location) {
    URI uri = URI.create(location.replace(" ", "%20"));
    return uri.getScheme() == null ? location : uri.getPath();
  }
}
