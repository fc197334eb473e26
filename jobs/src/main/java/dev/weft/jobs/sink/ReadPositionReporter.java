package dev.weft.jobs.sink;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongMaximum;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ChainingStrategy;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.apache.iceberg.io.WriteResult;

/**
 * Sits right behind an input source and passes its records on unchanged, noting the position of
 * every record read. Before each checkpoint barrier (and at the end of a bounded input) it sends
 * the positions read since the last one to the {@link IcebergCommitter} as a batch without files,
 * on the {@link #POSITIONS} side output. With aligned exactly-once checkpoints the committer has
 * them before the barrier, so each commit records how far the product has read, whatever became
 * of the records: dead-lettered, filtered out or folded into an aggregate.
 */
public abstract class ReadPositionReporter<T> extends AbstractStreamOperator<T>
    implements OneInputStreamOperator<T, T>, BoundedOneInput {
  private static final long serialVersionUID = 1L;
  /** Where the position batches go; the job unions them with the Iceberg writers' batches. */
  public static final OutputTag<byte[]> POSITIONS = new OutputTag<>("read-positions", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
  /** A position batch has no opinion on event time: the committer takes the writers' watermark. */
  private static final long NO_WATERMARK = Long.MAX_VALUE;

  /**
   * Names of the accumulators (Flink's {@link LongMaximum}) that show how far each input partition
   * has been read, as {@code weft-read <partition> <topic>}: a run until idle stops once they reach
   * its inputs' ends, without waiting for a checkpoint's commit to show it.
   */
  public static final String READ_ACCUMULATOR = "weft-read ";
  /** How often the accumulators are brought up to date (they reach the JobManager with the next heartbeat). */
  private static final long PUBLISH_EVERY_MS = 100;

  private transient SourcePositions.Tracker positions;
  private transient Map<String, LongMaximum> readAccumulators;

  protected ReadPositionReporter() {
    // in the source's task: an operator of our own starts a task of its own by default (HEAD), which
    // would hand every record from the source to it through a network buffer, serialized
    setChainingStrategy(ChainingStrategy.ALWAYS);
  }

  @Override
  public void open() throws Exception {
    super.open();
    positions = new SourcePositions.Tracker();
    readAccumulators = new HashMap<>();
    getProcessingTimeService().scheduleWithFixedDelay(time -> publishRead(), PUBLISH_EVERY_MS, PUBLISH_EVERY_MS);
  }

  /** Accumulator name of one input partition. */
  public static String readAccumulator(String topic, int partition) {
    return READ_ACCUMULATOR + partition + " " + topic;
  }

  private void publishRead() {
    positions.forEach((topic, partition, offset) -> readAccumulators.computeIfAbsent(readAccumulator(topic, partition), name -> {
      LongMaximum highest = new LongMaximum(Long.MIN_VALUE);
      getRuntimeContext().addAccumulator(name, highest);
      return highest;
    }).add(offset));
  }

  @Override
  public void processElement(StreamRecord<T> element) throws Exception {
    track(element.getValue(), positions);
    output.collect(element);
  }

  /** Notes where {@code record} was read from. */
  protected abstract void track(T record, SourcePositions.Tracker positions);

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    report(checkpointId);
  }

  /** What the end of a bounded input tells about the positions read; nothing by default. */
  protected void atEndOfInput(SourcePositions.Tracker positions) {}

  @Override
  public void endInput() {
    atEndOfInput(positions);
    report(IcebergRowWriter.END_OF_INPUT);
  }

  private void report(long checkpointId) {
    publishRead();
    SourcePositions read = positions.drain();
    if (!read.isEmpty()) {
      IcebergWriteBatch batch = new IcebergWriteBatch(checkpointId, WriteResult.builder().build(), read, NO_WATERMARK);
      output.collect(POSITIONS, new StreamRecord<>(IcebergWriteBatch.toBytes(batch)));
    }
  }
}
