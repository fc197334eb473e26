package dev.weft.jobs.sink;

import dev.weft.jobs.source.SourceRecord;

/** The read positions of a Kafka input: topic, partition and offset of each record. */
public final class KafkaReadPositions extends ReadPositionReporter<SourceRecord> {
  private static final long serialVersionUID = 1L;

  @Override
  protected void track(SourceRecord record, SourcePositions.Tracker positions) {
    positions.saw(record.topic, record.partition, record.offset);
  }
}
