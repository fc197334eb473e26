package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dev.EmbeddedPostgres;
import dev.weft.testing.SecuredKafka;
import dev.weft.testing.Specs;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real product run over SASL on a broker with an authorizer, with no ACLs but those
 * {@code weft access --apply} added: {@code weft run} signs in as the platform's {@code User:weft}
 * (topics, checks), the product's job as its domain's {@code User:weft-orders} (its exactly-once
 * sinks, its dead-letter route, its source), and those ACLs are all they need.
 */
class SecuredProductITCase {
  @RegisterExtension
  static final SecuredKafka KAFKA = new SecuredKafka("weft", "weft-orders", "orders", "marketing");

  @TempDir
  static Path work;

  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void startTheCatalogDatabaseAndApplyTheAcls() throws Exception {
    postgres = EmbeddedPostgres.start(work.resolve("postgres"));
    Files.writeString(work.resolve("acl-orders.yaml"), Specs.text("it/acl-orders.yaml", Map.of()));
    WeftCommandLine cli = new WeftCommandLine();
    List<String> apply = new ArrayList<>(List.of("access", work.resolve("acl-orders.yaml").toString(), "--format", "kafka-acl", "--apply"));
    apply.addAll(KAFKA.weftFlags("admin"));
    assertThat(cli.run(apply.toArray(String[]::new))).as(cli.err()).isZero();
  }

  @AfterAll
  static void stopTheCatalogDatabase() throws Exception {
    postgres.close();
  }

  /** {@code weft run SPEC} against the secured broker and the catalog database, signed in as {@code user}, with {@code more} flags. */
  private static String[] runAs(String user, Path spec, String... more) {
    List<String> args = new ArrayList<>(List.of("run", spec.toString(), "--until-idle", "--work-dir", work.toString(),
        "--checkpoint-interval", "1s", "--catalog-uri", postgres.jdbcUrl(), "--catalog-user", postgres.user()));
    args.addAll(KAFKA.weftFlags(user));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void aProductRunsAsItsDomainsPrincipalWithOnlyTheAppliedAcls() throws Exception {
    Path spec = work.resolve("acl-orders.yaml");
    try (Admin admin = Admin.create(KAFKA.client("admin"))) {
      admin.createTopics(List.of(new NewTopic("shop.acl-orders", 1, (short) 1))).all().get();
    }
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      // every fifth order has a negative total: a dead letter
      String total = i % 5 == 0 ? "-1.00" : i + ".25";
      orders.add(Map.entry(Integer.toString(i), "{\"order_id\": " + i + ", \"customer_id\": " + (100 + i) + ", \"total\": " + total
          + ", \"currency\": \"eur\", \"created_at\": \"2026-11-20T08:00:00Z\"}"));
    }
    new Topics(KAFKA.client("admin")).produce("shop.acl-orders", orders);

    WeftCommandLine cli = new WeftCommandLine();
    assertThat(cli.run(runAs("weft", spec))).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).contains("  table rows    16\n").contains("  dead letters  4\n");
    List<Long> valid = java.util.stream.LongStream.rangeClosed(1, 20).filter(i -> i % 5 != 0).boxed().toList();
    assertThat(new Topics(KAFKA.client("marketing")).readAll("orders.acl-orders.v1").stream()
        .map(r -> Long.parseLong(Topics.value(r).replaceAll(".*\"order_id\":(\\d+).*", "$1"))).sorted())
        .as("the reader domain sees every valid order once").containsExactlyElementsOf(valid);
    assertThat(new Topics(KAFKA.client("orders")).readAll("orders.acl-orders.v1.dlq")).hasSize(4);
  }

  @Test
  void aRunThatMayNotManageAclsIsRefusedBeforeItsProductsStartWhenAskedToApplyThem() throws Exception {
    Path spec = work.resolve("acl-refused.yaml");
    Files.writeString(spec, Specs.text("it/acl-orders.yaml", Map.of("acl-orders", "acl-refused")));
    WeftCommandLine cli = new WeftCommandLine();
    assertThat(cli.run(runAs("weft", spec, "--apply-acls"))).isEqualTo(1);
    // the runtime may read ACLs (it describes the cluster for topic sizes), not add them
    assertThat(cli.err()).isEqualTo("products not started: cannot add ACLs on the Kafka cluster at " + KAFKA.bootstrapServers()
        + ": the client's principal is not authorized (ClusterAuthorizationException); "
        + "sign in as a principal allowed to DESCRIBE and ALTER the cluster (a super user)\n");
    try (Admin admin = Admin.create(KAFKA.client("admin"))) {
      assertThat(admin.listTopics().names().get()).as("nothing was created").doesNotContain("orders.acl-refused.v1");
    }
  }
}
