package dev.weft.execute;

import dev.weft.spec.Durations;
import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks {@code weft.kafka.transaction-timeout} before a stream product starts. A checkpoint's
 * topic records wait in an open transaction until the checkpoint is committed, across Iceberg
 * commit retries and restarts; if the broker aborts it first, they are lost. So the timeout must
 * exceed checkpoint interval + commit retry budget + restart budget, and the broker must allow it
 * ({@code transaction.max.timeout.ms}), else each of its transactions fails at the start.
 */
public final class TransactionTimeoutCheck {
  private static final Logger LOG = LoggerFactory.getLogger(TransactionTimeoutCheck.class);
  private static final String BROKER_MAX = "transaction.max.timeout.ms";
  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(30);

  private TransactionTimeoutCheck() {}

  /** @throws IllegalArgumentException with one line naming the option, the values and what to set */
  public static void check(String product, ReadableConfig options, Admin admin) {
    Duration timeout = options.get(WeftOptions.KAFKA_TRANSACTION_TIMEOUT);
    Duration interval = options.get(WeftOptions.CHECKPOINT_INTERVAL);
    Duration retries = options.get(WeftOptions.ICEBERG_COMMIT_RETRY_BUDGET);
    Duration restarts = options.get(WeftOptions.RESTART_BUDGET);
    Duration open = interval.plus(retries).plus(restarts);
    if (timeout.compareTo(open) <= 0) {
      throw new IllegalArgumentException("product " + product + " cannot start: weft.kafka.transaction-timeout ("
          + Durations.format(timeout) + ") must exceed how long a checkpoint's transaction may stay open, checkpoint interval "
          + Durations.format(interval) + " + weft.iceberg.commit-retry-budget " + Durations.format(retries)
          + " + weft.restart.budget " + Durations.format(restarts) + " = " + Durations.format(open)
          + "; set a longer --transaction-timeout or a shorter --restart-budget");
    }
    brokerMaximum(admin).ifPresent(max -> {
      if (timeout.compareTo(max) > 0) {
        throw new IllegalArgumentException("product " + product + " cannot start: weft.kafka.transaction-timeout ("
            + Durations.format(timeout) + ") exceeds the broker's transaction.max.timeout.ms (" + max.toMillis() + " ms = "
            + Durations.format(max) + "); set --transaction-timeout to at most " + Durations.format(max)
            + " (and shorten --restart-budget to fit) or raise transaction.max.timeout.ms on the brokers");
      }
    });
  }

  /**
   * The broker's limit, from the first broker that describes its configuration. A broker that
   * refuses (no DESCRIBE_CONFIGS on the cluster for Weft's user) is not checked: it still refuses a
   * longer timeout itself, when the product's producers start their first transaction.
   */
  static Optional<Duration> brokerMaximum(Admin admin) {
    try {
      Collection<Node> brokers = admin.describeCluster().nodes().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      if (brokers.isEmpty()) {
        return Optional.empty();
      }
      ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, brokers.iterator().next().idString());
      Config config = admin.describeConfigs(java.util.List.of(broker)).all().get(ASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(broker);
      ConfigEntry max = config == null ? null : config.get(BROKER_MAX);
      return max == null || max.value() == null ? Optional.empty() : Optional.of(Duration.ofMillis(Long.parseLong(max.value())));
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      LOG.warn("Cannot read the broker's {} ({}); weft.kafka.transaction-timeout is not checked against it: a broker allowing "
          + "less refuses the products' first transaction", BROKER_MAX, cause.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the broker's " + BROKER_MAX, e);
    }
  }
}
