package dev.weft.jobs.sink;

import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The Kafka sink of a batch run: every record is acknowledged by the broker before the run ends,
 * with idempotent producers, but not in a transaction.
 *
 * <p>flink-connector-kafka 3.4.0 (the newest for Flink 1.20) aborts its own pending transaction
 * when a BATCH job's writer closes, so exactly-once sinks fail to commit there (FLINK-37622, fixed
 * only in the 4.x connectors for Flink 2). A batch run's table commit is atomic; its topic records
 * are published once per successful run, and again by a retry of a run that failed after
 * publishing.
 */
public final class BatchKafkaSink {
  private BatchKafkaSink() {}

  public static <T> KafkaSink<T> create(Properties kafka, KafkaRecordSerializationSchema<T> serializer) {
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(kafka)
        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
        .setProperty("enable.idempotence", "true")
        .setRecordSerializer(serializer)
        .build();
  }
}
