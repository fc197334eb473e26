package dev.weft.execute;

import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Kafka transactions still open under a transactional id prefix. A read-committed reader stops before
 * the first of them on each partition, so a re-drive that reads a dead-letter topic must not find any:
 * those a killed re-drive left with no checkpoint to commit them are aborted, the product's refused.
 */
final class OpenTransactions {
  private OpenTransactions() {}

  /** The ids of the transactions open now whose id starts with {@code prefix}. */
  static List<String> of(Admin admin, String prefix) {
    try {
      return admin.listTransactions(new ListTransactionsOptions().filterStates(List.of(TransactionState.ONGOING,
              TransactionState.PREPARE_COMMIT, TransactionState.PREPARE_ABORT))).all().get().stream()
          .map(TransactionListing::transactionalId).filter(id -> id.startsWith(prefix)).sorted().toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list the open transactions on the Kafka cluster: " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while listing open transactions", e);
    }
  }

  /** Aborts them: a producer that starts with a transactional id ends what an earlier one left open. */
  static void abort(Properties kafka, List<String> ids) {
    for (String id : ids) {
      Properties props = new Properties();
      props.putAll(kafka);
      props.put("transactional.id", id);
      props.put("key.serializer", ByteArraySerializer.class.getName());
      props.put("value.serializer", ByteArraySerializer.class.getName());
      try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
        producer.initTransactions();
      }
    }
  }
}
