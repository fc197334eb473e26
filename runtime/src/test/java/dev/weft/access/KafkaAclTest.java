package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.weft.plan.ProductPlan;
import dev.weft.testing.Specs;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The bindings weft access applies, and that each is the very ACL it prints. */
class KafkaAclTest {

  /** Compiled once: compiling starts Flink's SQL planner. */
  private static ProductPlan plan;

  @BeforeAll
  static void compile() throws Exception {
    plan = Specs.compile(Specs.load("it/acl-orders.yaml", Map.of()));
  }

  private static List<KafkaAcl> acls(String resource) throws Exception {
    ProductPlan compiled = resource.equals("it/acl-orders.yaml") ? plan : Specs.compile(Specs.load(resource, Map.of()));
    return KafkaAcl.of(ProductAccess.of(Specs.load(resource, Map.of()), compiled.names()), KafkaAcl.inputTopics(compiled));
  }

  @Test
  void theRuntimeOwnerAndReadersGetExactlyTheseBindings() throws Exception {
    List<AclBinding> bindings = acls("it/acl-orders.yaml").stream().map(KafkaAcl::binding).toList();
    assertThat(bindings).allSatisfy(b -> {
      assertThat(b.entry().host()).isEqualTo("*");
      assertThat(b.entry().permissionType()).isEqualTo(AclPermissionType.ALLOW);
    });
    assertThat(bindings)
        .extracting(b -> b.entry().principal(), b -> b.entry().operation(), b -> b.pattern().resourceType(),
            b -> b.pattern().name(), b -> b.pattern().patternType())
        .containsExactly(
            tuple("User:weft", AclOperation.CREATE, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:weft", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.WRITE, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:weft", AclOperation.CREATE, ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
            tuple("User:weft", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.WRITE, ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
            tuple("User:weft", AclOperation.READ, ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, "weft-orders.acl-orders.v1-", PatternType.PREFIXED),
            tuple("User:weft-orders", AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, "weft-orders.acl-orders.v1-", PatternType.PREFIXED),
            tuple("User:weft-orders", AclOperation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
            tuple("User:weft", AclOperation.DESCRIBE, ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL),
            tuple("User:weft", AclOperation.READ, ResourceType.TOPIC, "shop.acl-orders", PatternType.LITERAL),
            tuple("User:weft", AclOperation.DESCRIBE, ResourceType.TOPIC, "shop.acl-orders", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.READ, ResourceType.TOPIC, "shop.acl-orders", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.DESCRIBE, ResourceType.TOPIC, "shop.acl-orders", PatternType.LITERAL),
            tuple("User:weft-orders", AclOperation.READ, ResourceType.GROUP, "weft.orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:orders", AclOperation.READ, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:orders", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:orders", AclOperation.READ, ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
            tuple("User:orders", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
            tuple("User:orders", AclOperation.READ, ResourceType.GROUP, "orders.", PatternType.PREFIXED),
            tuple("User:weft", AclOperation.DESCRIBE, ResourceType.GROUP, "orders.", PatternType.PREFIXED),
            tuple("User:marketing", AclOperation.READ, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:marketing", AclOperation.DESCRIBE, ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
            tuple("User:marketing", AclOperation.READ, ResourceType.GROUP, "marketing.", PatternType.PREFIXED),
            tuple("User:weft", AclOperation.DESCRIBE, ResourceType.GROUP, "marketing.", PatternType.PREFIXED));
  }

  @Test
  void eachPrintedCommandIsTheAppliedBinding() throws Exception {
    List<KafkaAcl> acls = acls("it/acl-orders.yaml");
    assertThat(acls.get(9).asCommand()).isEqualTo("kafka-acls.sh --bootstrap-server \"$KAFKA\" --add --allow-principal User:weft-orders "
        + "--operation WRITE --transactional-id weft-orders.acl-orders.v1- --resource-pattern-type prefixed");
    for (KafkaAcl acl : acls) {
      AclBinding binding = acl.binding();
      assertThat(KafkaAcl.of(binding)).isEqualTo(acl);
      String command = acl.asCommand();
      assertThat(command).contains("--allow-principal " + binding.entry().principal() + " ")
          .contains("--operation " + binding.entry().operation().name().replace("_", "") + " ")
          .contains(binding.pattern().resourceType() == ResourceType.CLUSTER ? "--cluster" : " " + binding.pattern().name());
      assertThat(command.endsWith(" --resource-pattern-type prefixed")).isEqualTo(binding.pattern().patternType() == PatternType.PREFIXED);
    }
  }

  @Test
  void aProductWithoutKafkaInputsLetsTheRuntimeReadOnlyItsDeadLetters() throws Exception {
    assertThat(acls("it/customer-profiles-cdc.yaml").stream()
        .filter(acl -> acl.principal().equals("User:weft") && acl.operation() == AclOperation.READ).map(KafkaAcl::toString))
        .containsExactly("User:weft READ topic customers.customer-profiles.v1.dlq");
  }

  @Test
  void theProductOwnsItsTopicsAndTransactionalIdsButNotItsReadersGroups() throws Exception {
    assertThat(KafkaAclApplier.ownResources(plan.names())).containsExactly(
        new ResourcePattern(ResourceType.TOPIC, "orders.acl-orders.v1", PatternType.LITERAL),
        new ResourcePattern(ResourceType.TOPIC, "orders.acl-orders.v1.dlq", PatternType.LITERAL),
        new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "weft-orders.acl-orders.v1-", PatternType.PREFIXED),
        new ResourcePattern(ResourceType.TRANSACTIONAL_ID, "weft-orders.acl-orders.v1", PatternType.PREFIXED));
  }
}
