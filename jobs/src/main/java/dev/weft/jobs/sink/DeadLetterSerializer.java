package dev.weft.jobs.sink;

import dev.weft.jobs.quality.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Writes dead letters to a product's dead-letter topic as they were built. */
public class DeadLetterSerializer implements KafkaRecordSerializationSchema<DeadLetter> {
  private static final long serialVersionUID = 1L;
  private final String topic;

  public DeadLetterSerializer(String topic) {
    this.topic = topic;
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
    // stamped with the time of publishing, not the event time: see ProductRecordSerializer
    return new ProducerRecord<>(topic, null, null, letter.key, letter.value);
  }
}
