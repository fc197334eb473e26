package dev.weft.catalogreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.access.KafkaAcl;
import dev.weft.access.KafkaAclApplier;
import dev.weft.access.ProductAccess;
import dev.weft.catalog.health.MetricsSample.ConsumerGroupLag;
import dev.weft.plan.ProductPlan;
import dev.weft.testing.SecuredKafka;
import dev.weft.testing.Specs;
import dev.weft.testing.Topics;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What the catalog's metrics read from Kafka, read as {@code User:weft} on a broker with an
 * authorizer and only the product's ACLs: topic sizes, and the lag of the groups it may see.
 */
class MetricsUnderAclsITCase {
  private static final String TOPIC = "orders.acl-orders.v1";

  @RegisterExtension
  static final SecuredKafka KAFKA = new SecuredKafka("weft");

  @Test
  void theRuntimeReadsTopicSizesAndTheLagOfItsDomainsGroupsOnly() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/acl-orders.yaml", Map.of()));
    try (Admin admin = Admin.create(KAFKA.client("admin")); Admin weft = Admin.create(KAFKA.client("weft"))) {
      KafkaAclApplier.Outcome outcome = new KafkaAclApplier(admin, KAFKA.bootstrapServers()).apply(plan.product(),
          KafkaAcl.of(ProductAccess.of(Specs.load("it/acl-orders.yaml", Map.of()), plan.names()), KafkaAcl.inputTopics(plan)),
          KafkaAclApplier.ownResources(plan.names()), false);
      assertThat(outcome.added()).hasSize(28);
      admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1), new NewTopic("finance.ledger.v1", 1, (short) 1))).all().get();
      new Topics(KAFKA.client("admin")).produce(TOPIC, IntStream.range(0, 10).mapToObj(i -> Map.entry("k" + i, "{}")).toList());
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      admin.alterConsumerGroupOffsets("marketing.dashboards", Map.of(partition, new OffsetAndMetadata(4))).all().get();
      admin.alterConsumerGroupOffsets("orders.audit", Map.of(partition, new OffsetAndMetadata(10))).all().get();
      // a group of a domain that is no reader, on this topic and another: the runtime may not see it
      admin.alterConsumerGroupOffsets("finance.reports", Map.of(partition, new OffsetAndMetadata(0),
          new TopicPartition("finance.ledger.v1", 0), new OffsetAndMetadata(0))).all().get();

      assertThat(new TopicSizes(weft).bytes(Set.of(TOPIC))).isPositive().isEqualTo(new TopicSizes(admin).bytes(Set.of(TOPIC)));
      assertThat(new ConsumerGroupLags(weft).of(TOPIC)).containsExactly(
          new ConsumerGroupLag("marketing.dashboards", 6L), new ConsumerGroupLag("orders.audit", 0L));
      assertThat(new ConsumerGroupLags(admin).of(TOPIC)).as("the super user sees the others' groups too").containsExactly(
          new ConsumerGroupLag("finance.reports", 10L), new ConsumerGroupLag("marketing.dashboards", 6L),
          new ConsumerGroupLag("orders.audit", 0L));
    }
  }
}
