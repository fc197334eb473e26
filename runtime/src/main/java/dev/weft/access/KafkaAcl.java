package dev.weft.access;

import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.KafkaClients;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * One Kafka ACL that allows a principal an operation on a resource from any host. The command
 * {@code weft access} prints and the binding it applies both come from this one value, so they
 * cannot disagree.
 */
public record KafkaAcl(String principal, AclOperation operation, ResourceType resourceType, PatternType patternType, String resource) {
  /** The one resource name Kafka gives the cluster. */
  static final String CLUSTER = "kafka-cluster";

  /** The ACLs of a product whose jobs sign in as the default job user, {@code weft-<owner domain>}. */
  public static List<KafkaAcl> of(ProductAccess access, Collection<String> inputTopics) {
    return of(access, inputTopics, KafkaClients.jobUser(new Configuration(), access.owner()));
  }

  /**
   * The ACLs of a product. Its job signs in as its owner domain's principal ({@code jobUser}) and
   * may only write the product's topic and dead-letter topic (in transactions under the product's
   * transactional ids), read its Kafka inputs with the product's consumer group: another domain's
   * jobs, signed in as another principal, can neither write its topics nor take its transactional
   * ids. The platform ({@link ProductAccess#RUNTIME_PRINCIPAL}) creates and describes the topics,
   * reads back the dead letters and the inputs' last records (weft run --until-idle) and sees what
   * the catalog's metrics need (topic sizes on the brokers, the lag of the domains' consumer
   * groups). The owner domain reads both topics; reader domains read the topic (not the dead
   * letters, which hold rejected input). Domains read with consumer groups named
   * {@code <domain>.…}. Every prefix ends in a separator, so that {@code …v1} never covers
   * {@code …v10}.
   *
   * @param inputTopics the topics the product reads: Kafka inputs and upstream products' topics
   * @param jobUser the SASL user of the product's job ({@code weft.kafka.job-user})
   */
  public static List<KafkaAcl> of(ProductAccess access, Collection<String> inputTopics, String jobUser) {
    String topic = access.names().topic();
    String deadLetters = access.names().deadLetterTopic();
    String runtime = "User:" + ProductAccess.RUNTIME_PRINCIPAL;
    String job = "User:" + jobUser;
    List<KafkaAcl> acls = new ArrayList<>();
    for (String written : List.of(topic, deadLetters)) {
      acls.add(new KafkaAcl(runtime, AclOperation.CREATE, ResourceType.TOPIC, PatternType.LITERAL, written));
      acls.add(new KafkaAcl(runtime, AclOperation.DESCRIBE, ResourceType.TOPIC, PatternType.LITERAL, written));
      acls.add(new KafkaAcl(job, AclOperation.WRITE, ResourceType.TOPIC, PatternType.LITERAL, written));
      acls.add(new KafkaAcl(job, AclOperation.DESCRIBE, ResourceType.TOPIC, PatternType.LITERAL, written));
    }
    // weft run --until-idle counts the dead letters a run left
    acls.add(new KafkaAcl(runtime, AclOperation.READ, ResourceType.TOPIC, PatternType.LITERAL, deadLetters));
    String transactions = access.names().transactionalIds();
    acls.add(new KafkaAcl(job, AclOperation.WRITE, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, transactions));
    acls.add(new KafkaAcl(job, AclOperation.DESCRIBE, ResourceType.TRANSACTIONAL_ID, PatternType.PREFIXED, transactions));
    acls.add(new KafkaAcl(job, AclOperation.IDEMPOTENT_WRITE, ResourceType.CLUSTER, PatternType.LITERAL, CLUSTER));
    // the catalog's metrics: how many bytes the topics hold on the brokers' disks
    acls.add(new KafkaAcl(runtime, AclOperation.DESCRIBE, ResourceType.CLUSTER, PatternType.LITERAL, CLUSTER));
    for (String input : inputTopics) {
      // the platform reads where the inputs end (weft run --until-idle); the job reads them
      for (String principal : List.of(runtime, job)) {
        acls.add(new KafkaAcl(principal, AclOperation.READ, ResourceType.TOPIC, PatternType.LITERAL, input));
        acls.add(new KafkaAcl(principal, AclOperation.DESCRIBE, ResourceType.TOPIC, PatternType.LITERAL, input));
      }
    }
    if (!inputTopics.isEmpty()) {
      acls.add(new KafkaAcl(job, AclOperation.READ, ResourceType.GROUP, PatternType.LITERAL, access.names().consumerGroup()));
    }
    readTopics(acls, access.owner(), List.of(topic, deadLetters));
    for (String reader : access.readers()) {
      readTopics(acls, reader, List.of(topic));
    }
    return acls;
  }

  /** The topics a product reads: its Kafka inputs' and its upstream products'. */
  public static List<String> inputTopics(ProductPlan plan) {
    return plan.inputs().stream().filter(InputPlan::fromKafka).map(InputPlan::topic).distinct().toList();
  }

  private static void readTopics(List<KafkaAcl> acls, String domain, List<String> topics) {
    String principal = "User:" + domain;
    for (String topic : topics) {
      acls.add(new KafkaAcl(principal, AclOperation.READ, ResourceType.TOPIC, PatternType.LITERAL, topic));
      acls.add(new KafkaAcl(principal, AclOperation.DESCRIBE, ResourceType.TOPIC, PatternType.LITERAL, topic));
    }
    acls.add(new KafkaAcl(principal, AclOperation.READ, ResourceType.GROUP, PatternType.PREFIXED, domain + "."));
    // the catalog's metrics: how far behind the topic the domain's consumer groups are
    acls.add(new KafkaAcl("User:" + ProductAccess.RUNTIME_PRINCIPAL, AclOperation.DESCRIBE, ResourceType.GROUP, PatternType.PREFIXED,
        domain + "."));
  }

  /** The ACL an allow-from-any-host binding read from a broker is; {@link #isOurKind} tells which bindings are. */
  public static KafkaAcl of(AclBinding binding) {
    if (!isOurKind(binding)) {
      throw new IllegalArgumentException("not an allow-from-any-host ACL: " + binding);
    }
    AccessControlEntry entry = binding.entry();
    ResourcePattern pattern = binding.pattern();
    return new KafkaAcl(entry.principal(), entry.operation(), pattern.resourceType(), pattern.patternType(), pattern.name());
  }

  /** Whether a binding allows from any host, as the ones Weft makes do; deny rules and host rules are someone else's. */
  public static boolean isOurKind(AclBinding binding) {
    return binding.entry().permissionType() == AclPermissionType.ALLOW && binding.entry().host().equals("*");
  }

  /** As the Admin API adds it. */
  public AclBinding binding() {
    return new AclBinding(new ResourcePattern(resourceType, resource, patternType),
        new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
  }

  /** As {@code kafka-acls.sh} adds it. */
  public String asCommand() {
    String target = switch (resourceType) {
      case TOPIC -> "--topic " + resource;
      case GROUP -> "--group " + resource;
      case TRANSACTIONAL_ID -> "--transactional-id " + resource;
      case CLUSTER -> "--cluster";
      default -> throw new IllegalStateException("no kafka-acls.sh option for resource type " + resourceType);
    };
    return "kafka-acls.sh --bootstrap-server \"$KAFKA\" --add --allow-principal " + principal + " --operation "
        + operation.name().replace("_", "") + " " + target + (patternType == PatternType.PREFIXED ? " --resource-pattern-type prefixed" : "");
  }

  /** For people: {@code User:marketing READ topic orders.order-events.v1}, {@code … group marketing.* (prefix)}. */
  @Override
  public String toString() {
    String type = resourceType.name().toLowerCase(Locale.ROOT).replace('_', '-');
    return principal + " " + operation + " " + type + " " + resource + (patternType == PatternType.PREFIXED ? "* (prefix)" : "");
  }
}
