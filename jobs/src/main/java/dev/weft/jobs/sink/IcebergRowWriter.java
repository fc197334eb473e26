package dev.weft.jobs.sink;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.table.types.logical.RowType;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Table;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.sink.RowDataTaskWriterFactory;
import org.apache.iceberg.io.TaskWriter;

/**
 * Writes a product's rows into Iceberg data (and, for upserts, delete) files. Before each
 * checkpoint barrier it closes its files and sends them to the {@link IcebergCommitter}; nothing
 * becomes visible until that checkpoint completes. The input positions a commit covers come from
 * the inputs themselves ({@link ReadPositionReporter}), not from the rows written here: a record
 * that was dead-lettered, filtered out or aggregated has no row of its own.
 */
public class IcebergRowWriter extends AbstractStreamOperator<byte[]>
    implements OneInputStreamOperator<RowData, byte[]>, BoundedOneInput {
  private static final long serialVersionUID = 1L;
  /** Checkpoint id given to what is written after the input ended (there is no next checkpoint). */
  public static final long END_OF_INPUT = Long.MAX_VALUE;

  private final TableLoader tableLoader;
  private final RowType publishedType;
  /** Primary key columns; their Iceberg field ids are looked up in the table. */
  private final List<String> equalityColumns;
  private final boolean upsert;
  private final long targetFileSizeBytes;

  private transient RowDataTaskWriterFactory writerFactory;
  private transient TaskWriter<RowData> writer;
  private transient int[] publishedFields;
  private transient long watermark;

  public IcebergRowWriter(
      TableLoader tableLoader, RowType publishedType, List<String> equalityColumns, boolean upsert, long targetFileSizeBytes) {
    this.tableLoader = tableLoader;
    this.publishedType = publishedType;
    this.equalityColumns = List.copyOf(equalityColumns);
    this.upsert = upsert;
    this.targetFileSizeBytes = targetFileSizeBytes;
    // in the task of the rows it writes, as Iceberg's own writer is, rather than behind a serializing hand-over
    setChainingStrategy(ChainingStrategy.ALWAYS);
  }

  @Override
  public void open() throws Exception {
    super.open();
    tableLoader.open();
    Table table = tableLoader.loadTable();
    List<Integer> equalityFieldIds = equalityColumns.stream().map(c -> table.schema().findField(c).fieldId()).toList();
    writerFactory = new RowDataTaskWriterFactory(
        table, publishedType, targetFileSizeBytes, FileFormat.PARQUET, Map.copyOf(table.properties()), equalityFieldIds, upsert);
    writerFactory.initialize(
        getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(), getRuntimeContext().getTaskInfo().getAttemptNumber());
    writer = writerFactory.create();
    publishedFields = new int[publishedType.getFieldCount()];
    for (int i = 0; i < publishedFields.length; i++) {
      publishedFields[i] = i;
    }
    watermark = Long.MIN_VALUE;
  }

  @Override
  public void processElement(StreamRecord<RowData> element) throws Exception {
    RowData row = element.getValue();
    ProjectedRowData published = ProjectedRowData.from(publishedFields);
    published.replaceRow(row);
    published.setRowKind(row.getRowKind());
    writer.write(published);
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    // the end of a bounded input jumps to Long.MAX_VALUE, which says nothing about event time:
    // keep the last real one, so the final commit still tells how far event time had got
    if (mark.getTimestamp() != Long.MAX_VALUE) {
      watermark = mark.getTimestamp();
    }
    super.processWatermark(mark);
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    flush(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    flush(END_OF_INPUT);
  }

  private void flush(long checkpointId) throws IOException {
    IcebergWriteBatch batch = new IcebergWriteBatch(checkpointId, writer.complete(), SourcePositions.empty(), watermark);
    writer = writerFactory.create();
    if (batch.hasFiles()) {
      output.collect(new StreamRecord<>(IcebergWriteBatch.toBytes(batch)));
    }
  }

  @Override
  public void close() throws Exception {
    if (writer != null) {
      writer.close();
    }
    if (tableLoader != null) {
      tableLoader.close();
    }
    super.close();
  }
}
