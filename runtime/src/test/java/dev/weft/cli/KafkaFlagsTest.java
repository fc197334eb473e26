package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
import org.junit.jupiter.api.Test;

/** The Kafka security flags every command that connects to Kafka takes: wrong values and combinations are refused up front. */
class KafkaFlagsTest {
  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void unknownSecurityFlagValuesAreRefused() {
    assertThat(cli.run("run", "../product-specs/payments", "--kafka-sasl-mechanism", "GSSAPI")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--kafka-sasl-mechanism': "
        + "unknown SASL mechanism 'GSSAPI': use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512\n");
    cli.clear();
    assertThat(cli.run("run", "../product-specs/payments", "--kafka-security-protocol", "TLS")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--kafka-security-protocol': "
        + "unknown security protocol 'TLS': use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL\n");
  }

  @Test
  void securityFlagsWithoutAClusterAreRefusedBeforeAnythingStarts() {
    String refusal = "the --kafka-security-protocol/--kafka-sasl-*/--kafka-user/--kafka-password/--kafka-job-* flags need --kafka: "
        + "the embedded broker takes plain connections\n";
    assertThat(cli.run("run", "../product-specs/payments", "--kafka-security-protocol", "SASL_PLAINTEXT")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo(refusal);
    cli.clear();
    assertThat(cli.run("dev", "../product-specs/payments", "--kafka-user", "weft")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo(refusal);
  }

  @Test
  void theUsageShowsReferencesAsWrittenNotResolved() {
    assertThat(cli.run("access")).isEqualTo(2);
    assertThat(cli.err().replaceAll("\\s+", " "))
        .contains("SASL password as ${secret:NAME} or ${env:NAME}, never the password itself");
    cli.clear();
    assertThat(cli.run("run")).isEqualTo(2);
    assertThat(cli.err().replaceAll("\\s+", " ")).contains("Catalog database password; ${env:X} is resolved");
  }
}
