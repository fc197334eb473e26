package dev.weft.jobs.sink;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.runtime.throwable.ThrowableAnnotation;
import org.apache.flink.runtime.throwable.ThrowableType;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.common.errors.InvalidPidMappingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commits the topic transactions of completed checkpoints through the connector's committer and
 * turns a transaction it gives up on (aborted by the broker, fenced, unknown producer) into a
 * {@link TopicTransactionLostException} that stops the product, instead of the connector's log line.
 *
 * <p>A restored transaction that the table's last commit shows committed
 * ({@link CommitSettings#topicCommitted}) is the exception: every restore commits the restored
 * checkpoint's transactions again, and after {@code transactional.id.expiration.ms} (7 days by
 * default) the broker no longer knows them, so a product started again a week after its last run
 * would otherwise stop over records its topic holds.
 */
final class LoudKafkaCommitter<C> implements Committer<C> {
  private static final Logger LOG = LoggerFactory.getLogger(LoudKafkaCommitter.class);
  /** The connector's transactional ids end in the checkpoint whose records they hold: prefix-subtask-checkpoint. */
  private static final Pattern CHECKPOINT_OF_TRANSACTION = Pattern.compile("transactionalId=.*-(\\d+)}?$");

  private final Committer<C> connector;
  private final String product;
  private final CommitSettings settings;
  private boolean crashBeforeCommit;

  LoudKafkaCommitter(Committer<C> connector, String product, CommitSettings settings, boolean crashBeforeCommit) {
    this.connector = connector;
    this.product = product;
    this.settings = settings;
    this.crashBeforeCommit = crashBeforeCommit;
  }

  @Override
  public void commit(Collection<CommitRequest<C>> requests) throws IOException, InterruptedException {
    if (requests.isEmpty()) {
      return;
    }
    if (crashBeforeCommit) {
      crashBeforeCommit = false;
      throw new DrillCrash("recovery drill: product " + product + " stopped before its first commit (--fail-before-first-commit)");
    }
    List<CommitRequest<C>> checked = new ArrayList<>(requests.size());
    for (CommitRequest<C> request : requests) {
      checked.add(new LoudRequest(request));
    }
    connector.commit(checked);
  }

  @Override
  public void close() throws Exception {
    connector.close();
  }

  private static long checkpointOf(Object committable) {
    Matcher m = CHECKPOINT_OF_TRANSACTION.matcher(String.valueOf(committable));
    return m.find() ? Long.parseLong(m.group(1)) : -1;
  }

  /** Passes everything through, except that giving up on the commit stops the product. */
  private final class LoudRequest implements CommitRequest<C> {
    private final CommitRequest<C> request;

    LoudRequest(CommitRequest<C> request) {
      this.request = request;
    }

    private TopicTransactionLostException lost(Throwable cause) {
      long checkpoint = checkpointOf(request.getCommittable());
      if (ExceptionUtils.findThrowable(cause, InvalidPidMappingException.class).isPresent()) {
        return TopicTransactionLostException.forgotten(product, checkpoint, settings.checkpointDirectory(), cause);
      }
      return new TopicTransactionLostException(product, checkpoint, settings.transactionTimeout(), settings.checkpointDirectory(), cause);
    }

    @Override
    public C getCommittable() {
      return request.getCommittable();
    }

    @Override
    public int getNumberOfRetries() {
      return request.getNumberOfRetries();
    }

    /** A failure to commit again what the table shows committed: the broker may have forgotten the transaction. */
    private boolean committedBefore(Throwable t) {
      long checkpoint = checkpointOf(request.getCommittable());
      if (!settings.topicCommitted(checkpoint)) {
        return false;
      }
      LOG.info("Product {}: the topic transaction of checkpoint {} was committed before the table's last commit "
          + "(checkpoint {}); the broker no longer knows it ({}), nothing is lost", product, checkpoint,
          settings.topicCommittedThrough(), t.toString());
      request.signalAlreadyCommitted();
      return true;
    }

    @Override
    public void signalFailedWithKnownReason(Throwable t) {
      if (committedBefore(t)) {
        return;
      }
      request.signalFailedWithKnownReason(t);
      throw lost(t);
    }

    @Override
    public void signalFailedWithUnknownReason(Throwable t) {
      if (committedBefore(t)) {
        return;
      }
      try {
        request.signalFailedWithUnknownReason(t);
      } catch (RuntimeException failed) {
        // Flink's own reaction is a restart, which would meet the same transaction again
        throw lost(t);
      }
      throw lost(t);
    }

    @Override
    public void retryLater() {
      request.retryLater();
    }

    @Override
    public void updateAndRetryLater(C committable) {
      request.updateAndRetryLater(committable);
    }

    @Override
    public void signalAlreadyCommitted() {
      request.signalAlreadyCommitted();
    }
  }

  /** What {@code --fail-before-first-commit} stops a product with: like a crash, nothing restarts it. */
  @ThrowableAnnotation(ThrowableType.NonRecoverableError)
  static final class DrillCrash extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    DrillCrash(String message) {
      super(message);
    }
  }
}
