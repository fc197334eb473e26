package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
import org.junit.jupiter.api.Test;

/** `weft access`: the Kafka ACLs and Trino rules a product's owner and readers call for, exactly. */
class AccessCommandTest {
  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void kafkaAclsLetTheDomainsJobWriteAndReadItsInputsTheOwnerReadAllAndReadersReadTheTopic() {
    assertThat(cli.run("access", "../product-specs/payments", "--format", "kafka-acl")).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("""
        # payments.payment-events: owner payments, readers finance
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation CREATE --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation DESCRIBE --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation WRITE --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation DESCRIBE --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation CREATE --topic payments.payment-events.v1.dlq
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation DESCRIBE --topic payments.payment-events.v1.dlq
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation WRITE --topic payments.payment-events.v1.dlq
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation DESCRIBE --topic payments.payment-events.v1.dlq
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation READ --topic payments.payment-events.v1.dlq
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation WRITE --transactional-id weft-payments.payment-events.v1- --resource-pattern-type prefixed
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation DESCRIBE --transactional-id weft-payments.payment-events.v1- --resource-pattern-type prefixed
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation IDEMPOTENTWRITE --cluster
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation DESCRIBE --cluster
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation READ --topic psp.payments
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation DESCRIBE --topic psp.payments
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation READ --topic psp.payments
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation DESCRIBE --topic psp.payments
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft-payments --operation READ --group weft.payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:payments --operation READ --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:payments --operation DESCRIBE --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:payments --operation READ --topic payments.payment-events.v1.dlq
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:payments --operation DESCRIBE --topic payments.payment-events.v1.dlq
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:payments --operation READ --group payments. --resource-pattern-type prefixed
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation DESCRIBE --group payments. --resource-pattern-type prefixed
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:finance --operation READ --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:finance --operation DESCRIBE --topic payments.payment-events.v1
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:finance --operation READ --group finance. --resource-pattern-type prefixed
        kafka-acls.sh --bootstrap-server "$KAFKA" --add --allow-principal User:weft --operation DESCRIBE --group finance. --resource-pattern-type prefixed
        """);
  }

  @Test
  void trinoRulesLetTheOwnerReadTheTableWholeReadersWithPiiMaskedAndNobodyElse() {
    assertThat(cli.run("access", "src/test/resources/specs/it/pii-orders-shared.yaml", "--format", "trino-rules")).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("""
        {
          "catalogs" : [ {
            "catalog" : "iceberg",
            "allow" : "read-only"
          } ],
          "schemas" : [ {
            "catalog" : "iceberg",
            "owner" : false
          } ],
          "tables" : [ {
            "user" : "orders",
            "catalog" : "iceberg",
            "schema" : "orders",
            "table" : "pii_orders_shared_v1(\\\\$[a-z_]+)?",
            "privileges" : [ "SELECT" ]
          }, {
            "user" : "(finance|marketing)",
            "catalog" : "iceberg",
            "schema" : "orders",
            "table" : "pii_orders_shared_v1",
            "privileges" : [ "SELECT" ],
            "columns" : [ {
              "name" : "email",
              "mask" : "NULL"
            }, {
              "name" : "full_name",
              "mask" : "NULL"
            } ]
          }, {
            "catalog" : "system",
            "schema" : "jdbc",
            "privileges" : [ "SELECT" ]
          }, {
            "catalog" : "iceberg",
            "privileges" : [ ]
          } ]
        }
        """);
  }

  @Test
  void anUnknownFormatIsRefused() {
    assertThat(cli.run("access", "../product-specs/payments", "--format", "yaml")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--format': unknown format 'yaml': use kafka-acl or trino-rules\n");
  }

  @Test
  void applyingNeedsTheKafkaAclFormatAndACluster() {
    assertThat(cli.run("access", "../product-specs/payments", "--format", "trino-rules", "--apply")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("--apply and --remove-stale go with --format kafka-acl\n");
    cli.clear();
    assertThat(cli.run("access", "../product-specs/payments", "--format", "kafka-acl", "--apply")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("--apply needs the cluster: --kafka HOST:PORT\n");
    cli.clear();
    assertThat(cli.run("access", "../product-specs/payments", "--format", "kafka-acl", "--remove-stale")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("--remove-stale goes with --apply\n");
  }
}
