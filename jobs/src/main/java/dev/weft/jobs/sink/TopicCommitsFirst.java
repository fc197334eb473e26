package dev.weft.jobs.sink;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListTransactionsOptions;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;

/**
 * Holds a checkpoint's Iceberg commit back until the product's topic transactions of the same
 * checkpoint are committed, and refuses it when the broker aborted them. Both sinks commit when a
 * checkpoint completes, in separate tasks; after a restore later than the transaction timeout the
 * topic's transactions are gone, and without this the table would still commit the checkpoint's
 * files: topic and table would disagree for good.
 *
 * <p>Asks the broker which of the product's transactions are not committed (ListTransactions
 * filtered by state, so committed ones, by far the most, are not listed). The connector names each
 * transaction {@code prefix-subtask-checkpoint}; transactions with no records are never opened on
 * the broker and are not waited for.
 */
public final class TopicCommitsFirst implements Serializable, AutoCloseable {
  private static final long serialVersionUID = 1L;
  private static final List<TransactionState> UNDECIDED =
      List.of(TransactionState.ONGOING, TransactionState.PREPARE_COMMIT);
  private static final List<TransactionState> ABORTED =
      List.of(TransactionState.PREPARE_ABORT, TransactionState.COMPLETE_ABORT, TransactionState.PREPARE_EPOCH_FENCE);
  private static final Duration FIRST_PAUSE = Duration.ofMillis(10);
  private static final Duration LONGEST_PAUSE = Duration.ofSeconds(1);
  /** How long after its timeout the broker may take to abort a transaction (its abort scan runs every 10 s by default). */
  private static final Duration ABORT_GRACE = Duration.ofMinutes(1);

  private final Properties kafka;
  private final List<String> transactionalIdPrefixes;
  private final String product;
  private final CommitSettings settings;
  private transient Admin admin;

  /** @param transactionalIdPrefixes of every transactional sink of the product (topic, dead letters) */
  public TopicCommitsFirst(Properties kafka, List<String> transactionalIdPrefixes, String product, CommitSettings settings) {
    this.kafka = kafka;
    this.transactionalIdPrefixes = List.copyOf(transactionalIdPrefixes);
    this.product = product;
    this.settings = settings;
  }

  /** For products whose topic is not transactional (batch runs): nothing to wait for. */
  public static TopicCommitsFirst none() {
    return new TopicCommitsFirst(new Properties(), List.of(), "", CommitSettings.defaults(""));
  }

  /**
   * Returns once no transaction of the checkpoint is open any more, all committed.
   *
   * @throws TopicTransactionLostException when the broker aborted one of them
   */
  public void awaitCommitted(long checkpointId) {
    if (transactionalIdPrefixes.isEmpty()) {
      return;
    }
    Pattern ofCheckpoint = pattern(checkpointId);
    long deadline = System.nanoTime() + settings.transactionTimeout().plus(ABORT_GRACE).toNanos();
    Duration pause = FIRST_PAUSE;
    while (true) {
      List<TransactionListing> open = uncommitted(ofCheckpoint);
      if (open.stream().anyMatch(t -> ABORTED.contains(t.state()))) {
        throw new TopicTransactionLostException(product, checkpointId, settings.transactionTimeout(), settings.checkpointDirectory(), null);
      }
      if (open.isEmpty()) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("product " + product + ": the topic transactions of checkpoint " + checkpointId
            + " are still open after the transaction timeout: " + open);
      }
      sleep(pause);
      pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
    }
  }

  private Pattern pattern(long checkpointId) {
    List<String> alternatives = new ArrayList<>();
    for (String prefix : transactionalIdPrefixes) {
      alternatives.add(Pattern.quote(prefix));
    }
    return Pattern.compile("(" + String.join("|", alternatives) + ")-\\d+-" + checkpointId);
  }

  private List<TransactionListing> uncommitted(Pattern ofCheckpoint) {
    List<TransactionState> states = new ArrayList<>(UNDECIDED);
    states.addAll(ABORTED);
    try {
      return admin().listTransactions(new ListTransactionsOptions().filterStates(states)).all().get().stream()
          .filter(t -> ofCheckpoint.matcher(t.transactionalId()).matches())
          .toList();
    } catch (ExecutionException e) {
      throw new IllegalStateException("product " + product + ": cannot list the topic transactions on "
          + kafka.getProperty("bootstrap.servers") + ": " + e.getCause().getMessage(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the topic transactions of product " + product, e);
    }
  }

  private Admin admin() {
    if (admin == null) {
      admin = Admin.create(kafka);
    }
    return admin;
  }

  private static void sleep(Duration pause) {
    try {
      Thread.sleep(pause.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the topic's transactions", e);
    }
  }

  @Override
  public void close() {
    if (admin != null) {
      admin.close(Duration.ZERO);
      admin = null;
    }
  }
}
