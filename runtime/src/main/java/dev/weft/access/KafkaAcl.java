package dev.weft.access;

import java.util.ArrayList;
import java.util.List;

/**
 * One Kafka ACL binding, as Kafka's Admin API and {@code kafka-acls.sh} know it.
 *
 * @param resourceType TOPIC, GROUP, TRANSACTIONAL_ID or CLUSTER
 * @param patternType LITERAL or PREFIXED
 */
public record KafkaAcl(String principal, String operation, String resourceType, String patternType, String resource) {

  /**
   * The ACLs of a product: the runtime writes its topic and dead-letter topic (in transactions
   * under the product's transactional id prefix); the owner domain reads both; reader domains
   * read the topic (not the dead letters, which hold rejected input) with consumer groups named
   * {@code <domain>.…}.
   */
  public static List<KafkaAcl> of(ProductAccess access) {
    String topic = access.names().topic();
    String deadLetters = access.names().deadLetterTopic();
    String runtime = "User:" + ProductAccess.RUNTIME_PRINCIPAL;
    List<KafkaAcl> acls = new ArrayList<>();
    for (String written : List.of(topic, deadLetters)) {
      acls.add(new KafkaAcl(runtime, "WRITE", "TOPIC", "LITERAL", written));
      acls.add(new KafkaAcl(runtime, "DESCRIBE", "TOPIC", "LITERAL", written));
    }
    acls.add(new KafkaAcl(runtime, "WRITE", "TRANSACTIONAL_ID", "PREFIXED", access.names().transactionalIdPrefix()));
    acls.add(new KafkaAcl(runtime, "DESCRIBE", "TRANSACTIONAL_ID", "PREFIXED", access.names().transactionalIdPrefix()));
    acls.add(new KafkaAcl(runtime, "IDEMPOTENT_WRITE", "CLUSTER", "LITERAL", "kafka-cluster"));
    String owner = "User:" + access.owner();
    for (String read : List.of(topic, deadLetters)) {
      acls.add(new KafkaAcl(owner, "READ", "TOPIC", "LITERAL", read));
      acls.add(new KafkaAcl(owner, "DESCRIBE", "TOPIC", "LITERAL", read));
    }
    acls.add(new KafkaAcl(owner, "READ", "GROUP", "PREFIXED", access.owner() + "."));
    for (String reader : access.readers()) {
      acls.add(new KafkaAcl("User:" + reader, "READ", "TOPIC", "LITERAL", topic));
      acls.add(new KafkaAcl("User:" + reader, "DESCRIBE", "TOPIC", "LITERAL", topic));
      acls.add(new KafkaAcl("User:" + reader, "READ", "GROUP", "PREFIXED", reader + "."));
    }
    return acls;
  }

  /** As {@code kafka-acls.sh} adds it. */
  public String asCommand() {
    String resource = switch (resourceType) {
      case "TOPIC" -> "--topic " + this.resource;
      case "GROUP" -> "--group " + this.resource;
      case "TRANSACTIONAL_ID" -> "--transactional-id " + this.resource;
      default -> "--cluster";
    };
    return "kafka-acls.sh --bootstrap-server \"$KAFKA\" --add --allow-principal " + principal + " --operation "
        + operation.replace("_", "") + " " + resource + (patternType.equals("PREFIXED") ? " --resource-pattern-type prefixed" : "");
  }
}
