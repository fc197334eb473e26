package dev.weft.jobs.sink;

import java.time.Duration;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;

/**
 * A checkpoint's topic records cannot be committed any more: the broker aborted their Kafka
 * transaction, which stayed open longer than the transaction timeout (a restore that came too
 * late). Restarting cannot bring them back, so the product stops instead of restarting; the table
 * is not given that checkpoint's files either, so topic and table still agree.
 */
@ThrowableAnnotation(ThrowableType.NonRecoverableError)
public class TopicTransactionLostException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  public TopicTransactionLostException(String product, long checkpointId, Duration transactionTimeout, String checkpointDirectory,
      Throwable cause) {
    super(message(product, checkpointId, transactionTimeout, checkpointDirectory), cause);
  }

  private TopicTransactionLostException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The broker no longer knows the restored checkpoint's transactions (a transactional id expires
   * {@code transactional.id.expiration.ms} after its last use), and the table does not show them
   * committed: whether the topic holds their records cannot be told.
   */
  static TopicTransactionLostException forgotten(String product, long checkpointId, String checkpointDirectory, Throwable cause) {
    return new TopicTransactionLostException("Product " + product + " cannot commit checkpoint " + checkpointId + " again: the "
        + "Kafka broker no longer knows its topic transactions (it forgets a transactional id transactional.id.expiration.ms "
        + "after its last use, 7 days by default), and the table's last commit does not show them committed, so the topic may "
        + "or may not hold that checkpoint's records. To recover, start the product without that checkpoint (move "
        + checkpointDirectory + " away): it then reads again from the input position its table records, and the topic may get "
        + "that checkpoint's records a second time. Start a product that crashed within transactional.id.expiration.ms, or "
        + "raise it on the brokers.", cause);
  }

  /**
   * The same words whichever part of the job finds out first (the Kafka committer or the Iceberg
   * committer waiting for it), so the product's failure reads the same every time.
   */
  static String message(String product, long checkpointId, Duration transactionTimeout, String checkpointDirectory) {
    return "Product " + product + " cannot commit checkpoint " + checkpointId + ": the Kafka broker aborted its topic "
        + "transactions, which stayed open longer than weft.kafka.transaction-timeout (" + Durations.format(transactionTimeout)
        + "), so the records of that checkpoint are not on the product's topics, and its table was not given them either. "
        + "To recover, start the product without that checkpoint (move " + checkpointDirectory + " away): it then reads "
        + "again from the input position its table records and publishes those records to topic and table. "
        + "If restores take this long, raise weft.kafka.transaction-timeout (and the broker's transaction.max.timeout.ms).";
  }

  /** Durations as users write them in options: 15m, 3s, 1500ms. */
  static final class Durations {
    private Durations() {}

    static String format(Duration d) {
      long ms = d.toMillis();
      if (ms % 3_600_000 == 0) return ms / 3_600_000 + "h";
      if (ms % 60_000 == 0) return ms / 60_000 + "m";
      if (ms % 1_000 == 0) return ms / 1_000 + "s";
      return ms + "ms";
    }
  }
}
