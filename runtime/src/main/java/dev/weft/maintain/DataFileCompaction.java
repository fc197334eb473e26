package dev.weft.maintain;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.flink.actions.Actions;
import org.apache.iceberg.util.PropertyUtil;

/**
 * Bin-packs a table's data files into files of the table's target size with Iceberg's own Flink
 * rewrite action. Rows are read with their deletes applied; the new files keep the sequence
 * number of the snapshot the rewrite started from, so equality deletes committed meanwhile by the
 * running product still apply to them.
 */
final class DataFileCompaction {
  private DataFileCompaction() {}

  static void run(Table table) {
    long targetSize = PropertyUtil.propertyAsLong(table.properties(),
        TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, TableProperties.WRITE_TARGET_FILE_SIZE_BYTES_DEFAULT);
    // a Flink job of its own, beside the products: compaction must not take the products' slots
    StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1);
    Actions.forTable(env, table).rewriteDataFiles().targetSizeInBytes(targetSize).execute();
  }
}
