package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.jobs.source.SourceRecord;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class ReadPositionReporterTest {

  @Test
  void passesRecordsOnAndReportsWhatWasReadBeforeEachBarrierAndAtTheEnd() throws Exception {
    try (var harness = new OneInputStreamOperatorTestHarness<SourceRecord, SourceRecord>(new KafkaReadPositions())) {
      harness.open();
      harness.processElement(record(0, 7), 1);
      harness.processElement(record(1, 3), 1);
      harness.processElement(record(0, 8), 1);
      harness.prepareSnapshotPreBarrier(1);
      // nothing read since: nothing to report, so an idle product commits nothing
      harness.prepareSnapshotPreBarrier(2);
      harness.processElement(record(1, 4), 1);
      harness.endInput();

      assertThat(harness.extractOutputValues()).extracting(r -> r.offset).containsExactly(7L, 3L, 8L, 4L);
      List<IcebergWriteBatch> reported = batches(harness.getSideOutput(ReadPositionReporter.POSITIONS));
      assertThat(reported).extracting(b -> b.checkpointId).containsExactly(1L, IcebergRowWriter.END_OF_INPUT);
      assertThat(reported).extracting(b -> b.positions.toJson())
          .containsExactly("{\"shop.orders\":{\"0\":8,\"1\":3}}", "{\"shop.orders\":{\"1\":4}}");
      assertThat(reported).noneMatch(IcebergWriteBatch::hasFiles);
    }
  }

  private static SourceRecord record(int partition, long offset) {
    return new SourceRecord("shop.orders", partition, offset, 0L, null, "{}".getBytes());
  }

  private static List<IcebergWriteBatch> batches(ConcurrentLinkedQueue<StreamRecord<byte[]>> output) {
    return output.stream().map(r -> IcebergWriteBatch.<IcebergWriteBatch>fromBytes(r.getValue(), ReadPositionReporterTest.class.getClassLoader()))
        .toList();
  }
}
