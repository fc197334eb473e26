package dev.weft.catalogreport;

import dev.weft.catalog.health.MetricsSample.ConsumerGroupLag;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;

/**
 * The consumer groups that have committed offsets on a topic, with their lag: how many records
 * they are behind the end of the topic, summed over its partitions (every partition with a
 * committed offset). Downstream products show up here under their own groups.
 */
public final class ConsumerGroupLags {
  private static final long TIMEOUT_SECONDS = 30;
  private final Admin admin;

  public ConsumerGroupLags(Admin admin) {
    this.admin = admin;
  }

  /** Ordered by group id. */
  public List<ConsumerGroupLag> of(String topic) {
    try {
      List<String> groups = admin.listConsumerGroups().all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).stream()
          .map(ConsumerGroupListing::groupId).sorted().toList();
      List<ConsumerGroupLag> lags = new ArrayList<>();
      for (String group : groups) {
        Map<TopicPartition, OffsetAndMetadata> committed = committedOffsets(group).entrySet().stream()
            .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
            .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        if (committed.isEmpty()) {
          continue;
        }
        var ends = admin.listOffsets(committed.keySet().stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest())))
            .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long lag = 0;
        for (var entry : committed.entrySet()) {
          lag += Math.max(0, ends.get(entry.getKey()).offset() - entry.getValue().offset());
        }
        lags.add(new ConsumerGroupLag(group, lag));
      }
      return lags;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the consumer groups of topic " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading the consumer groups of topic " + topic, e);
    }
  }

  /**
   * {@link #of} with each group's active members and state as Kafka describes them now, which the
   * catalog keeps to tell when a group was last active; a group that cannot be described keeps neither.
   */
  public List<ConsumerGroupLag> withActivity(String topic) {
    List<ConsumerGroupLag> lags = of(topic);
    if (lags.isEmpty()) {
      return lags;
    }
    Map<String, ConsumerGroupDescription> described;
    try {
      described = admin.describeConsumerGroups(lags.stream().map(ConsumerGroupLag::group).toList()).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupAuthorizationException) {
        return lags;  // their lags are worth reporting without their members
      }
      throw new IllegalStateException("cannot describe the consumer groups of topic " + topic + ": " + e.getMessage(), e);
    } catch (TimeoutException e) {
      throw new IllegalStateException("cannot describe the consumer groups of topic " + topic + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while describing the consumer groups of topic " + topic, e);
    }
    return lags.stream().map(lag -> {
      ConsumerGroupDescription group = described.get(lag.group());
      return group == null ? lag : new ConsumerGroupLag(lag.group(), lag.lag(), group.members().size(), group.state().toString());
    }).toList();
  }

  /**
   * A group's committed offsets; none for a group the runtime may not describe: on a cluster with
   * an authorizer it lists every group but reads only those of the domains its products' ACLs name.
   */
  private Map<TopicPartition, OffsetAndMetadata> committedOffsets(String group)
      throws ExecutionException, TimeoutException, InterruptedException {
    try {
      return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupAuthorizationException) {
        return Map.of();
      }
      throw e;
    }
  }
}
