package dev.weft.dev;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an earlier embedded stack left in its work directory, cleared before the next one starts.
 * The embedded Kafka broker keeps nothing between runs, so the products' checkpoints, tables and
 * replication slots of an earlier run describe records the new broker does not have: restored, the
 * products would wait for transactions that broker never saw and publish to an empty topic while
 * their tables keep the earlier rows. Each embedded run therefore starts from nothing, as its topics
 * do. Trino's configuration and the secrets folder are kept: neither holds data.
 */
final class EarlierDevRun {
  private static final Logger LOG = LoggerFactory.getLogger(EarlierDevRun.class);
  /** The work directory's data: the embedded PostgreSQL (Iceberg catalog, shop, slots), checkpoints, the default warehouse, RocksDB. */
  static final List<String> DATA = List.of("postgres", "checkpoints", "warehouse", "rocksdb");

  private EarlierDevRun() {}

  /**
   * @throws IllegalStateException when another running Weft uses this work directory's PostgreSQL
   *     (its data is left alone)
   */
  static void clear(Path work) {
    try {
      Path postgres = DevStack.postgresDirectory(work);
      if (Files.isDirectory(postgres)) {
        LeftoverPostgres.stopIfOrphaned(postgres);
      }
      boolean cleared = false;
      for (String part : DATA) {
        Path data = work.resolve(part);
        if (Files.exists(data)) {
          FileTrees.delete(data);
          cleared = true;
        }
      }
      Files.deleteIfExists(LeftoverPostgres.ownerFile(postgres));
      if (cleared) {
        LOG.info("Cleared the earlier embedded run's data in {}: the embedded broker starts empty, so products start from nothing", work);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot clear the earlier embedded run's data in " + work + ": " + e.getMessage(), e);
    }
  }
}
