package dev.weft.execute;

import dev.weft.jobs.secret.SecretConfigProvider;
import dev.weft.spec.References;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How Weft's Kafka clients connect to the cluster the {@code weft.kafka.*} options name: the admin
 * client, the test and status consumers, and the jobs' sources and sinks all take these properties.
 */
public final class KafkaClients {
  /** The SASL mechanisms Weft's clients can authenticate with, as Kafka names them. */
  public enum SaslMechanism {
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
      this.kafkaName = kafkaName;
      this.loginModule = loginModule;
    }

    /** @throws IllegalArgumentException naming the mechanisms there are */
    public static SaslMechanism parse(String name) {
      return Arrays.stream(values()).filter(m -> m.kafkaName.equalsIgnoreCase(name)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("unknown SASL mechanism '" + name + "': use "
              + Arrays.stream(values()).map(SaslMechanism::toString).collect(Collectors.joining(", "))));
    }

    /** Kafka's name, which Flink's configuration parses too. */
    @Override
    public String toString() {
      return kafkaName;
    }
  }

  private KafkaClients() {}

  /**
   * Client properties for the cluster of {@code weft.kafka.bootstrap-servers}, with its security.
   *
   * @param references resolves the password reference
   * @throws IllegalArgumentException when no cluster is given, or its security settings do not go together
   */
  public static Properties properties(Configuration options, UnaryOperator<String> references) {
    Properties properties = new Properties();
    properties.setProperty("bootstrap.servers", options.getOptional(WeftOptions.KAFKA_BOOTSTRAP_SERVERS)
        .orElseThrow(() -> new IllegalArgumentException("no Kafka cluster given: name its brokers with --kafka HOST:PORT")));
    properties.putAll(security(options, references));
    return properties;
  }

  /**
   * A consumer of what a topic holds committed, as raw bytes, that Weft positions itself (assign and
   * seek; no group offsets): what the status, verify, the until-idle ends, the dead-letter watch and
   * the re-drive's scan read with. Transactional records count once their transaction committed.
   */
  public static KafkaConsumer<byte[], byte[]> committedBytesConsumer(Properties kafka) {
    Properties props = new Properties();
    props.putAll(kafka);
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    return new KafkaConsumer<>(props);
  }

  /**
   * Client properties of a product's job: the platform's cluster and security, but signed in as the
   * owner domain's principal ({@code weft.kafka.job-user}, {@code User:weft-orders}), so that the
   * ACLs of one domain's products are the only ones its jobs have. The password stays a reference
   * ({@link SecretConfigProvider}) that each Kafka client resolves where the job's tasks run: the
   * job graph and Flink's configuration never hold it. Without SASL the platform's properties are
   * taken as they are.
   *
   * @throws IllegalArgumentException when the job password is not one reference
   */
  public static Properties forJobsOf(String domain, Properties platform, Configuration options) {
    Properties job = new Properties();
    job.putAll(platform);
    if (!platform.containsKey(JAAS)) {
      return job;
    }
    String user = jobUser(options, domain);
    String password = options.get(WeftOptions.KAFKA_JOB_PASSWORD).replace(WeftOptions.DOMAIN_PLACEHOLDER, domain);
    Matcher reference = PASSWORD_REFERENCE.matcher(password);
    if (!reference.matches()) {
      throw new IllegalArgumentException("weft.kafka.job-password must be one reference, ${secret:NAME} or ${env:NAME} ({domain} "
          + "standing for the owner domain), not '" + (References.isReference(password) ? password : "the password itself") + "'");
    }
    job.setProperty("config.providers", SecretConfigProvider.NAME);
    job.setProperty("config.providers." + SecretConfigProvider.NAME + ".class", SecretConfigProvider.class.getName());
    options.getOptional(WeftOptions.SECRETS_DIR).ifPresent(folder -> job.setProperty(
        "config.providers." + SecretConfigProvider.NAME + ".param." + SecretConfigProvider.FOLDER, Path.of(folder).toAbsolutePath().toString()));
    SaslMechanism mechanism = options.get(WeftOptions.KAFKA_SASL_MECHANISM);
    job.setProperty(JAAS, mechanism.loginModule + " required username=\"" + quoted(user) + "\" password=\""
        + SecretConfigProvider.variable(reference.group(1), reference.group(2)) + "\";");
    return job;
  }

  /** The SASL user the jobs of a domain's products sign in as. */
  public static String jobUser(Configuration options, String domain) {
    return options.get(WeftOptions.KAFKA_JOB_USER).replace(WeftOptions.DOMAIN_PLACEHOLDER, domain);
  }

  private static final String JAAS = "sasl.jaas.config";
  private static final Pattern PASSWORD_REFERENCE = Pattern.compile("\\$\\{(env|secret):([A-Za-z0-9_.-]+)}");

  /**
   * Refuses security options for the embedded broker, which takes plain connections only.
   *
   * @throws IllegalArgumentException when any is set
   */
  public static void refuseSecurityForTheEmbeddedBroker(Configuration options) {
    if (options.getOptional(WeftOptions.KAFKA_SECURITY_PROTOCOL).isPresent()
        || options.getOptional(WeftOptions.KAFKA_SASL_MECHANISM).isPresent()
        || options.getOptional(WeftOptions.KAFKA_SASL_USERNAME).isPresent()
        || options.getOptional(WeftOptions.KAFKA_SASL_PASSWORD).isPresent()
        || options.getOptional(WeftOptions.KAFKA_JOB_USER).isPresent() || options.getOptional(WeftOptions.KAFKA_JOB_PASSWORD).isPresent()) {
      throw new IllegalArgumentException("the --kafka-security-protocol/--kafka-sasl-*/--kafka-user/--kafka-password/--kafka-job-* flags need --kafka: "
          + "the embedded broker takes plain connections");
    }
  }

  private static Map<String, String> security(Configuration options, UnaryOperator<String> references) {
    SecurityProtocol protocol = options.get(WeftOptions.KAFKA_SECURITY_PROTOCOL);
    Optional<String> user = options.getOptional(WeftOptions.KAFKA_SASL_USERNAME);
    Optional<String> password = options.getOptional(WeftOptions.KAFKA_SASL_PASSWORD);
    Map<String, String> security = new LinkedHashMap<>();
    if (protocol != SecurityProtocol.PLAINTEXT) {
      security.put("security.protocol", protocol.name);
    }
    boolean sasl = protocol == SecurityProtocol.SASL_PLAINTEXT || protocol == SecurityProtocol.SASL_SSL;
    if (!sasl) {
      if (user.isPresent() || password.isPresent() || options.getOptional(WeftOptions.KAFKA_SASL_MECHANISM).isPresent()) {
        throw new IllegalArgumentException("--kafka-sasl-mechanism, --kafka-user and --kafka-password need "
            + "--kafka-security-protocol SASL_PLAINTEXT or SASL_SSL (weft.kafka.security-protocol is " + protocol.name + ")");
      }
      return security;
    }
    if (user.isEmpty() || password.isEmpty()) {
      throw new IllegalArgumentException("--kafka-security-protocol " + protocol.name + " needs --kafka-user and --kafka-password");
    }
    if (!References.isReference(password.get())) {
      throw new IllegalArgumentException("--kafka-password must be a reference, ${secret:NAME} or ${env:NAME}, not the password "
          + "itself: a command line is visible to every user of the machine");
    }
    SaslMechanism mechanism = options.get(WeftOptions.KAFKA_SASL_MECHANISM);
    security.put("sasl.mechanism", mechanism.toString());
    security.put(JAAS, mechanism.loginModule + " required username=\"" + quoted(user.get())
        + "\" password=\"" + quoted(references.apply(password.get())) + "\";");
    return security;
  }

  /** JAAS reads quoted values with Java-like escapes. */
  private static String quoted(String value) {
    return value.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
