package dev.weft.jobs.source;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Keeps every Kafka record, parseable or not, with its coordinates: parsing happens later, where a
 * bad record can be sent to the dead-letter topic instead of failing the source.
 */
public class SourceRecordDeserializer implements KafkaRecordDeserializationSchema<SourceRecord> {

  @Override
  public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
    out.collect(new SourceRecord(
        record.topic(), record.partition(), record.offset(), record.timestamp(), record.key(), record.value()));
  }

  @Override
  public TypeInformation<SourceRecord> getProducedType() {
    return TypeInformation.of(SourceRecord.class);
  }
}
