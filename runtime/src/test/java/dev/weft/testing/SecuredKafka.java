package dev.weft.testing;

import dev.weft.dev.EmbeddedKafka;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real single-node KRaft broker that checks who clients are and what they may do: SASL/PLAIN (and
 * SCRAM-SHA-512 for users given SCRAM credentials) on its client listener, Kafka's
 * StandardAuthorizer, and no access without an ACL. Each user's
 * password is {@code <user>-secret}; {@code admin} is the super user (the broker talks to itself as
 * admin; the controller listener is plain, so its anonymous principal is a super user too).
 */
public final class SecuredKafka implements BeforeAllCallback, AfterAllCallback {
  private final List<String> users;
  private EmbeddedKafka kafka;

  /** @param users the SASL users besides {@code admin} */
  public SecuredKafka(String... users) {
    this.users = List.of(users);
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    String jaasUsers = java.util.stream.Stream.concat(java.util.stream.Stream.of("admin"), users.stream())
        .map(user -> " user_" + user + "=\"" + user + "-secret\"").collect(Collectors.joining());
    kafka = EmbeddedKafka.start(Map.of(
        "listener.security.protocol.map", "EXTERNAL:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT",
        "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512",
        "sasl.mechanism.inter.broker.protocol", "PLAIN",
        "listener.name.external.plain.sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"admin\" password=\"admin-secret\"" + jaasUsers + ";",
        // SCRAM users are kept in the cluster's metadata: the admin adds them (Admin#alterUserScramCredentials)
        "listener.name.external.scram-sha-512.sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required;",
        "authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer",
        "super.users", "User:admin;User:ANONYMOUS"));
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    if (kafka != null) {
      kafka.close();
    }
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  /**
   * The {@code weft} flags that connect to this broker as {@code user}, whose password the test JVM
   * holds as the secret {@code kafka-it-<user>} (the failsafe configuration sets it).
   */
  public List<String> weftFlags(String user) {
    return List.of("--kafka", bootstrapServers(), "--kafka-security-protocol", "SASL_PLAINTEXT", "--kafka-sasl-mechanism", "PLAIN",
        "--kafka-user", user, "--kafka-password", "${secret:kafka-it-" + user + "}");
  }

  /** Client properties that sign in as {@code user}. */
  public Properties client(String user) {
    Properties properties = kafka.clientProperties();
    properties.setProperty("security.protocol", "SASL_PLAINTEXT");
    properties.setProperty("sasl.mechanism", "PLAIN");
    properties.setProperty("sasl.jaas.config",
        "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user + "\" password=\"" + user + "-secret\";");
    return properties;
  }
}
