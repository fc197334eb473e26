package dev.weft.jobs.sink;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/** The transactional Kafka sink every product output uses: records become visible on checkpoint. */
public final class ExactlyOnceKafkaSink {
  /**
   * Must stay below the broker's {@code transaction.max.timeout.ms} (15 min by default) and above
   * the longest expected checkpoint interval plus recovery time.
   */
  public static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  private ExactlyOnceKafkaSink() {}

  public static <T> KafkaSink<T> create(
      Properties kafka, String transactionalIdPrefix, KafkaRecordSerializationSchema<T> serializer) {
    return KafkaSink.<T>builder()
        .setKafkaProducerConfig(kafka)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()))
        .setRecordSerializer(serializer)
        .build();
  }
}
