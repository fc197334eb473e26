package dev.weft.jobs.source;

/**
 * One Kafka record as read, before parsing: its bytes and where it came from. A Flink POJO, so it
 * is serialized without Kryo.
 */
public class SourceRecord {
  public String topic;
  public int partition;
  public long offset;
  public long timestamp;
  public byte[] key;
  public byte[] value;

  public SourceRecord() {}

  public SourceRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
    this.topic = topic;
    this.partition = partition;
    this.offset = offset;
    this.timestamp = timestamp;
    this.key = key;
    this.value = value;
  }
}
