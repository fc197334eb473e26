package dev.weft.jobs.sink;

import java.util.Properties;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;

/**
 * The transactional Kafka sink every product output uses: records become visible on checkpoint,
 * and a transaction that can no longer be committed stops the product ({@link CheckedKafkaSink}).
 * The transaction timeout is checked against the broker and the restart budget before the product
 * starts (the runtime's TransactionTimeoutCheck).
 */
public final class ExactlyOnceKafkaSink {
  private ExactlyOnceKafkaSink() {}

  public static <T> Sink<T> create(Properties kafka, String transactionalIdPrefix, KafkaRecordSerializationSchema<T> serializer,
      String product, CommitSettings settings) {
    KafkaSink<T> connector = KafkaSink.<T>builder()
        .setKafkaProducerConfig(kafka)
        .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
        .setTransactionalIdPrefix(transactionalIdPrefix)
        .setProperty("transaction.timeout.ms", String.valueOf(settings.transactionTimeout().toMillis()))
        .setRecordSerializer(serializer)
        .build();
    return CheckedKafkaSink.of(connector, product, settings);
  }
}
