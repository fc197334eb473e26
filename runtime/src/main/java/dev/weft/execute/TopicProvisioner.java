package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates a product's topic and dead-letter topic before its job starts; existing topics are kept. */
public final class TopicProvisioner {
  /** Dead letters are fewer and kept longer than records: they wait for someone to fix them. */
  public static final int DEAD_LETTER_PARTITIONS = 1;

  private final Admin admin;

  public TopicProvisioner(Admin admin) {
    this.admin = admin;
  }

  public void provision(ProductPlan plan) {
    var topic = plan.topic();
    Map<String, String> config = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, topic.compacted() ? TopicConfig.CLEANUP_POLICY_COMPACT : TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().toMillis()));
    Map<String, String> deadLetterConfig = Map.of(
        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
        TopicConfig.RETENTION_MS_CONFIG, Long.toString(topic.retention().multipliedBy(2).toMillis()));
    create(List.of(
        new NewTopic(plan.names().topic(), Optional.of(topic.partitions()), Optional.empty()).configs(config),
        new NewTopic(plan.names().deadLetterTopic(), Optional.of(DEAD_LETTER_PARTITIONS), Optional.empty()).configs(deadLetterConfig)));
  }

  /** Topics among {@code topics} that do not exist. */
  public List<String> missing(Set<String> topics) {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<String> missing = new ArrayList<>(topics);
      missing.removeAll(existing);
      return missing;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot list Kafka topics: " + e.getMessage(), e);
    }
  }

  private void create(List<NewTopic> topics) {
    for (var entry : admin.createTopics(topics).values().entrySet()) {
      try {
        entry.getValue().get();
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof TopicExistsException)) {
          throw new IllegalStateException("cannot create topic " + entry.getKey() + ": " + e.getCause().getMessage(), e);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while creating topic " + entry.getKey(), e);
      }
    }
  }
}
