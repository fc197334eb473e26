package dev.weft.maintain;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.PublishedColumn;
import dev.weft.jobs.mask.DeterministicCipher;
import dev.weft.jobs.mask.SecretLookup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DeleteFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.RowDelta;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.OutputFileFactory;
import org.apache.iceberg.io.PartitionedFanoutWriter;
import org.apache.iceberg.io.TaskWriter;
import org.apache.iceberg.io.UnpartitionedWriter;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Rewrites a product's table so that every {@code enc:v1:} value of its {@code encrypt} columns
 * becomes the {@code enc:v2:} value of the same plain text, in one Iceberg commit: the live rows
 * are read with their deletes applied and written to new files, which replace every data and
 * delete file the rows came from. The commit fails, and changes nothing, if anything else
 * committed to the table meanwhile. A table without {@code enc:v1:} values is left as it is, so a
 * second run does nothing.
 *
 * <p>An encrypt column in the upsert key changes the key of its rows. Such a table may hold, for
 * one plain key, the row written before the cipher changed ({@code enc:v1:} key) and the row
 * written since ({@code enc:v2:} key): the second is the newer state of that key (values are no
 * longer written as {@code enc:v1:}), so the first is dropped and the table keeps one row per key.
 *
 * <p>Run it while the product is stopped ({@link #run} does not check: the caller holds the
 * product's writer lease).
 */
public final class TableReencryption {
  /** Snapshot summary key: how many values the commit re-encrypted. */
  public static final String REENCRYPTED_VALUES = "weft.reencrypted-values";

  private TableReencryption() {}

  /**
   * What a re-encryption found and did.
   *
   * @param rows the table's live rows before
   * @param values {@code enc:v1:} values turned into {@code enc:v2:}
   * @param staleKeyRows rows of an {@code enc:v1:} key dropped for the newer row of the same key
   * @param snapshot the commit, empty for a dry run or when there was nothing to do
   */
  public record Result(List<String> columns, long rows, long values, long staleKeyRows, Optional<Long> snapshot) {}

  /**
   * @throws IllegalArgumentException naming the product when it has no encrypt column, and the
   *     secret when a key is missing or a value does not decrypt with it
   */
  public static Result run(ProductPlan plan, Table table, SecretLookup secrets, boolean dryRun) {
    List<PublishedColumn> encrypted = plan.columns().stream().filter(c -> c.keySecret().isPresent()).toList();
    List<String> names = encrypted.stream().map(PublishedColumn::name).toList();
    if (encrypted.isEmpty()) {
      throw new IllegalArgumentException("product " + plan.product() + " has no column masked with encrypt: nothing to re-encrypt");
    }
    Snapshot start = table.currentSnapshot();
    if (start == null) {
      return new Result(names, 0, 0, 0, Optional.empty());
    }
    Map<String, DeterministicCipher> ciphers = new LinkedHashMap<>();
    encrypted.forEach(c -> ciphers.computeIfAbsent(c.keySecret().get(), secrets::cipher));

    List<Record> rows = new ArrayList<>();
    try (CloseableIterable<Record> read = IcebergGenerics.read(table).useSnapshot(start.snapshotId()).build()) {
      read.forEach(r -> rows.add(r.copy()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read table " + table.name() + ": " + e.getMessage(), e);
    }
    long values = 0;
    // per row: whether a column of its upsert key held an enc:v1: value
    List<Boolean> v1Keys = new ArrayList<>(rows.size());
    for (Record row : rows) {
      boolean v1Key = false;
      for (PublishedColumn column : encrypted) {
        Object value = row.getField(column.name());
        if (value instanceof String text && text.startsWith(DeterministicCipher.V1_PREFIX)) {
          try {
            row.setField(column.name(), ciphers.get(column.keySecret().get()).reencrypt(text));
          } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("product " + plan.product() + ", column " + column.name() + ": a value does not decrypt with "
                + "the key in secret " + column.keySecret().get() + " (" + e.getMessage() + "); nothing was re-encrypted", e);
          }
          values++;
          v1Key |= plan.primaryKey().contains(column.name());
        }
      }
      v1Keys.add(v1Key);
    }
    if (values == 0) {
      return new Result(names, rows.size(), 0, 0, Optional.empty());
    }
    List<Record> kept = withoutStaleKeys(plan, rows, v1Keys);
    long stale = rows.size() - kept.size();
    if (dryRun) {
      return new Result(names, rows.size(), values, stale, Optional.empty());
    }
    RowDelta commit = table.newRowDelta()
        .validateFromSnapshot(start.snapshotId())
        .conflictDetectionFilter(Expressions.alwaysTrue())
        .validateNoConflictingDataFiles()
        .validateNoConflictingDeleteFiles()
        .validateDeletedFiles();
    Map<String, DeleteFile> deletes = new LinkedHashMap<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().useSnapshot(start.snapshotId()).planFiles()) {
      for (FileScanTask task : tasks) {
        commit.removeRows(task.file());
        task.deletes().forEach(d -> deletes.putIfAbsent(d.location(), d));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the files of table " + table.name() + ": " + e.getMessage(), e);
    }
    deletes.values().forEach(commit::removeDeletes);
    for (DataFile file : write(table, kept)) {
      commit.addRows(file);
    }
    commit.set(REENCRYPTED_VALUES, Long.toString(values)).commit();
    return new Result(names, rows.size(), values, stale, Optional.of(table.currentSnapshot().snapshotId()));
  }

  /**
   * The rows without those whose key, re-encrypted, is the key of a row that held it as
   * {@code enc:v2:} already: that row is the newer state of the key.
   *
   * @param v1Keys per row, whether its key was re-encrypted
   */
  private static List<Record> withoutStaleKeys(ProductPlan plan, List<Record> rows, List<Boolean> v1Keys) {
    if (!v1Keys.contains(true)) {
      return rows;
    }
    Map<List<Object>, Boolean> hasCurrentRow = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      if (!v1Keys.get(i)) {
        hasCurrentRow.put(key(plan, rows.get(i)), true);
      }
    }
    List<Record> kept = new ArrayList<>(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      if (!v1Keys.get(i) || !hasCurrentRow.containsKey(key(plan, rows.get(i)))) {
        kept.add(rows.get(i));
      }
    }
    return kept;
  }

  private static List<Object> key(ProductPlan plan, Record row) {
    return plan.primaryKey().stream().map(row::getField).toList();
  }

  /** The rows in new data files of the table's format, partitioned as the table is. */
  private static List<DataFile> write(Table table, List<Record> rows) {
    FileFormat format = FileFormat.fromString(
        table.properties().getOrDefault(TableProperties.DEFAULT_FILE_FORMAT, TableProperties.DEFAULT_FILE_FORMAT_DEFAULT));
    long targetSize = PropertyUtil.propertyAsLong(table.properties(),
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    GenericAppenderFactory appenders = new GenericAppenderFactory(table.schema(), table.spec());
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.currentTimeMillis()).format(format).build();
    TaskWriter<Record> writer;
    if (table.spec().isUnpartitioned()) {
      writer = new UnpartitionedWriter<>(table.spec(), format, appenders, files, table.io(), targetSize);
    } else {
      PartitionKey key = new PartitionKey(table.spec(), table.schema());
      // partition transforms read Iceberg's internal values (micros for timestamps), not Java time objects
      InternalRecordWrapper internal = new InternalRecordWrapper(table.schema().asStruct());
      writer = new PartitionedFanoutWriter<>(table.spec(), format, appenders, files, table.io(), targetSize) {
        @Override
        protected PartitionKey partition(Record row) {
          key.partition(internal.wrap(row));
          return key;
        }
      };
    }
    try {
      for (Record row : rows) {
        writer.write(row);
      }
      return List.of(writer.dataFiles());
    } catch (IOException e) {
      try {
        writer.abort();
      } catch (IOException ignored) {
        // the files are orphans; orphan file removal takes them
      }
      throw new UncheckedIOException("cannot write the re-encrypted rows of table " + table.name() + ": " + e.getMessage(), e);
    }
  }
}
