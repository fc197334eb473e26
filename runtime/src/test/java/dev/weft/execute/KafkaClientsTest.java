package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.spec.References;
import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** The Kafka client properties the weft.kafka.* options make, and the combinations refused. */
class KafkaClientsTest {
  private static final UnaryOperator<String> SECRETS = References.fromEnvironment(Map.of(), Map.of("kafka-weft", "s3\"cr\\et"));

  private static Configuration options(Map<String, String> settings) {
    Configuration options = Configuration.fromMap(Map.of("weft.kafka.bootstrap-servers", "kafka:9093"));
    settings.forEach(options::setString);
    return options;
  }

  @Test
  void plainConnectionsAddNothingToTheBootstrapServers() {
    Properties expected = new Properties();
    expected.setProperty("bootstrap.servers", "kafka:9093");
    assertThat(KafkaClients.properties(options(Map.of()), SECRETS)).isEqualTo(expected);
  }

  @Test
  void saslUsersSignInWithTheResolvedPasswordQuotedForJaas() {
    Properties properties = KafkaClients.properties(options(Map.of("weft.kafka.security-protocol", "SASL_SSL",
        "weft.kafka.sasl-mechanism", "SCRAM-SHA-512", "weft.kafka.sasl-username", "weft",
        "weft.kafka.sasl-password", "${secret:kafka-weft}")), SECRETS);
    assertThat(properties).containsExactlyInAnyOrderEntriesOf(Map.of(
        "bootstrap.servers", "kafka:9093",
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"weft\" password=\"s3\\\"cr\\\\et\";"));
  }

  @Test
  void aProductsJobSignsInAsItsDomainWithThePasswordLeftForTheClientToResolve() {
    Configuration options = options(Map.of("weft.kafka.security-protocol", "SASL_SSL", "weft.kafka.sasl-mechanism", "SCRAM-SHA-512",
        "weft.kafka.sasl-username", "weft", "weft.kafka.sasl-password", "${secret:kafka-weft}", "weft.secrets-dir", "/run/secrets"));
    Properties job = KafkaClients.forJobsOf("orders", KafkaClients.properties(options, SECRETS), options);
    assertThat(job).containsExactlyInAnyOrderEntriesOf(Map.of(
        "bootstrap.servers", "kafka:9093",
        "security.protocol", "SASL_SSL",
        "sasl.mechanism", "SCRAM-SHA-512",
        "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"weft-orders\" "
            + "password=\"${weft:secret:kafka-weft-orders}\";",
        "config.providers", "weft",
        "config.providers.weft.class", "dev.weft.jobs.secret.SecretConfigProvider",
        "config.providers.weft.param.folder", "/run/secrets"));
    options.setString("weft.kafka.job-user", "jobs-{domain}");
    options.setString("weft.kafka.job-password", "${env:KAFKA_{domain}}");
    assertThat(KafkaClients.forJobsOf("orders", KafkaClients.properties(options, SECRETS), options).getProperty("sasl.jaas.config"))
        .isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule required username=\"jobs-orders\" "
            + "password=\"${weft:env:KAFKA_orders}\";");
  }

  @Test
  void aJobPasswordInClearIsRefusedAndPlainConnectionsStayAsTheyAre() {
    Configuration options = options(Map.of("weft.kafka.security-protocol", "SASL_PLAINTEXT",
        "weft.kafka.sasl-username", "weft", "weft.kafka.sasl-password", "${secret:kafka-weft}", "weft.kafka.job-password", "hunter2"));
    assertThatThrownBy(() -> KafkaClients.forJobsOf("orders", KafkaClients.properties(options, SECRETS), options))
        .hasMessage("weft.kafka.job-password must be one reference, ${secret:NAME} or ${env:NAME} ({domain} standing for the owner "
            + "domain), not 'the password itself'");
    Properties plain = KafkaClients.properties(options(Map.of()), SECRETS);
    assertThat(KafkaClients.forJobsOf("orders", plain, options(Map.of()))).isEqualTo(plain);
  }

  @Test
  void aPasswordInClearIsRefused() {
    assertThatThrownBy(() -> KafkaClients.properties(options(Map.of("weft.kafka.security-protocol", "SASL_PLAINTEXT",
        "weft.kafka.sasl-username", "weft", "weft.kafka.sasl-password", "hunter2")), SECRETS))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--kafka-password must be a reference, ${secret:NAME} or ${env:NAME}, not the password itself: "
            + "a command line is visible to every user of the machine");
  }

  @Test
  void saslNeedsUserAndPasswordAndTheyNeedSasl() {
    assertThatThrownBy(() -> KafkaClients.properties(options(Map.of("weft.kafka.security-protocol", "SASL_PLAINTEXT")), SECRETS))
        .hasMessage("--kafka-security-protocol SASL_PLAINTEXT needs --kafka-user and --kafka-password");
    assertThatThrownBy(() -> KafkaClients.properties(options(Map.of("weft.kafka.sasl-username", "weft")), SECRETS))
        .hasMessage("--kafka-sasl-mechanism, --kafka-user and --kafka-password need --kafka-security-protocol SASL_PLAINTEXT "
            + "or SASL_SSL (weft.kafka.security-protocol is PLAINTEXT)");
  }

  @Test
  void anUnsetSecretSaysHowToSetIt() {
    assertThatThrownBy(() -> KafkaClients.properties(options(Map.of("weft.kafka.security-protocol", "SASL_PLAINTEXT",
        "weft.kafka.sasl-username", "weft", "weft.kafka.sasl-password", "${secret:kafka-nobody}")), SECRETS))
        .hasMessage("secret kafka-nobody is not set (set WEFT_SECRET_KAFKA_NOBODY)");
  }

  @Test
  void mechanismsGoByKafkasNames() {
    assertThat(KafkaClients.SaslMechanism.parse("scram-sha-256")).isEqualTo(KafkaClients.SaslMechanism.SCRAM_SHA_256);
    assertThatThrownBy(() -> KafkaClients.SaslMechanism.parse("GSSAPI"))
        .hasMessage("unknown SASL mechanism 'GSSAPI': use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
  }
}
