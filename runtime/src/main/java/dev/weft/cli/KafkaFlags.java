package dev.weft.cli;

import dev.weft.execute.KafkaClients;
import dev.weft.execute.WeftOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The Kafka cluster commands connect to, and how they authenticate; each flag sets one {@link WeftOptions} option. */
final class KafkaFlags {
  @Option(names = "--kafka", paramLabel = "HOST:PORT[,…]",
      description = "Kafka bootstrap servers (weft.kafka.bootstrap-servers). weft run and backfill default to the embedded broker.")
  String kafka;

  @Option(names = "--kafka-security-protocol", paramLabel = "PROTOCOL", converter = ProtocolConverter.class,
      description = "PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL (weft.kafka.security-protocol). Default: PLAINTEXT.")
  SecurityProtocol securityProtocol;

  @Option(names = "--kafka-sasl-mechanism", paramLabel = "MECHANISM", converter = MechanismConverter.class,
      description = "PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (weft.kafka.sasl-mechanism). Default: PLAIN.")
  KafkaClients.SaslMechanism saslMechanism;

  @Option(names = "--kafka-user", paramLabel = "USER", description = "SASL user (weft.kafka.sasl-username).")
  String user;

  @Option(names = "--kafka-password", paramLabel = "REFERENCE",
      description = "SASL password as $${secret:NAME} or $${env:NAME}, never the password itself (weft.kafka.sasl-password).")
  String password;

  @Option(names = "--kafka-job-user", paramLabel = "USER",
      description = "SASL user of product jobs, {domain} standing for the owner domain (weft.kafka.job-user). Default: weft-{domain}.")
  String jobUser;

  @Option(names = "--kafka-job-password", paramLabel = "REFERENCE",
      description = "SASL password of product jobs as $${secret:NAME} or $${env:NAME}, {domain} standing for the owner domain, "
          + "resolved where the job's tasks run (weft.kafka.job-password). Default: $${secret:kafka-weft-{domain}}.")
  String jobPassword;

  /** Adds the options these flags set to {@code config}. */
  Configuration addTo(Configuration config) {
    if (kafka != null) config.set(WeftOptions.KAFKA_BOOTSTRAP_SERVERS, kafka);
    if (securityProtocol != null) config.set(WeftOptions.KAFKA_SECURITY_PROTOCOL, securityProtocol);
    if (saslMechanism != null) config.set(WeftOptions.KAFKA_SASL_MECHANISM, saslMechanism);
    if (user != null) config.set(WeftOptions.KAFKA_SASL_USERNAME, user);
    if (password != null) config.set(WeftOptions.KAFKA_SASL_PASSWORD, password);
    if (jobUser != null) config.set(WeftOptions.KAFKA_JOB_USER, jobUser);
    if (jobPassword != null) config.set(WeftOptions.KAFKA_JOB_PASSWORD, jobPassword);
    return config;
  }

  static final class ProtocolConverter implements ITypeConverter<SecurityProtocol> {
    @Override
    public SecurityProtocol convert(String value) {
      try {
        return SecurityProtocol.forName(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException("unknown security protocol '" + value + "': use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL");
      }
    }
  }

  static final class MechanismConverter implements ITypeConverter<KafkaClients.SaslMechanism> {
    @Override
    public KafkaClients.SaslMechanism convert(String value) {
      try {
        return KafkaClients.SaslMechanism.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
