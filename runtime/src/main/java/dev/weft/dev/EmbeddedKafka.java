package dev.weft.dev;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import kafka.testkit.KafkaClusterTestKit;
import kafka.testkit.TestKitNodes;

/** A single-node KRaft Kafka broker (combined broker and controller) in this JVM, on a free port. */
public final class EmbeddedKafka implements AutoCloseable {
  /**
   * How often the broker deletes what its topics' retention has expired. A broker's default is five
   * minutes, so here a record published with a timestamp older than the retention would vanish at a
   * random moment; within a second (also the first check, 30 s after start by default) it vanishes
   * at once, and tests see it.
   */
  public static final Duration RETENTION_CHECK_INTERVAL = Duration.ofSeconds(1);

  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  public static EmbeddedKafka start() {
    return start(Map.of());
  }

  /** Starts the broker with {@code config} added to its settings: listeners' security, an authorizer. */
  public static EmbeddedKafka start(Map<String, String> config) {
    try {
      KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(
              new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
          // one node: internal topics cannot have more replicas than that
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "1")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("transaction.state.log.num.partitions", "4")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          .setConfigProp("auto.create.topics.enable", "false")
          .setConfigProp("log.retention.check.interval.ms", Long.toString(RETENTION_CHECK_INTERVAL.toMillis()))
          .setConfigProp("log.initial.task.delay.ms", Long.toString(RETENTION_CHECK_INTERVAL.toMillis()));
      config.forEach(builder::setConfigProp);
      KafkaClusterTestKit cluster = builder.build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new EmbeddedKafka(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the embedded Kafka broker: " + e.getMessage(), e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  public Properties clientProperties() {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", bootstrapServers());
    return properties;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
