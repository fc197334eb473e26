package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dev.EmbeddedPostgres;
import dev.weft.catalogreport.CatalogConnection;
import dev.weft.plan.ProductSet;
import dev.weft.execute.ProductRunListener;
import dev.weft.jobs.secret.SecretResolvingSource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Collections;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.KafkaClients;
import dev.weft.execute.LocalFlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import dev.weft.jobs.secret.SecretResolvingCatalogLoader;
import dev.weft.spec.References;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.Snapshot;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.WriterAppender;
import org.apache.logging.log4j.core.layout.PatternLayout;
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
 * sinks, its dead-letter route, its source), and those ACLs are all they need. And no secret of such
 * a run (the SASL passwords of the platform and of the domain's jobs, the Iceberg catalog's
 * password, given as canaries) is in the job graph a cluster receives, Flink's job configuration
 * (REST {@code /jobs/<id>/config}), the logs or the table's snapshot summaries: the job carries the
 * references, its tasks look the values up.
 */
class SecuredProductITCase {
  /** The Iceberg catalog's password in the secrets test: the embedded PostgreSQL trusts local connections, so any will do. */
  private static final String CATALOG_CANARY = "canary-iceberg-5f3a9c";
  /** A CDC input's password in the secrets test: the embedded PostgreSQL trusts local connections. */
  private static final String CDC_CANARY = "canary-cdc-81d4e7";
  /** The in-process catalog's admin token, which may read spec YAML. */
  private static final String CATALOG_TOKEN = "secured-admin";

  @RegisterExtension
  static final SecuredKafka KAFKA = new SecuredKafka("weft", "weft-orders", "orders", "marketing");

  @TempDir
  static Path work;

  private static EmbeddedPostgres postgres;
  /** The secrets tests' cluster, started by the first: their job graphs are read from it. */
  private static LocalFlinkCluster flink;

  @BeforeAll
  static void startTheCatalogDatabaseAndApplyTheAcls() throws Exception {
    postgres = EmbeddedPostgres.start(work.resolve("postgres"));
    Files.writeString(work.resolve("acl-orders.yaml"), Specs.text("it/acl-orders.yaml", Map.of()));
    applyAcls(work.resolve("acl-orders.yaml"));
  }

  private static void applyAcls(Path spec) {
    WeftCommandLine cli = new WeftCommandLine();
    List<String> apply = new ArrayList<>(List.of("access", spec.toString(), "--format", "kafka-acl", "--apply"));
    apply.addAll(KAFKA.weftFlags("admin"));
    assertThat(cli.run(apply.toArray(String[]::new))).as(cli.err()).isZero();
  }

  @AfterAll
  static void stopTheCatalogDatabase() throws Exception {
    if (flink != null) {
      flink.close();
    }
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

  @Test
  void noSecretIsInTheJobGraphItsConfigurationTheLogsTheSnapshotSummariesOrTheCatalog() throws Exception {
    Map<String, String> names = Map.of("acl-orders", "acl-canary");
    Path spec = work.resolve("acl-canary.yaml");
    Files.writeString(spec, Specs.text("it/acl-orders.yaml", names));
    applyAcls(spec);
    try (Admin admin = Admin.create(KAFKA.client("admin"))) {
      admin.createTopics(List.of(new NewTopic("shop.acl-canary", 1, (short) 1))).all().get();
    }
    new Topics(KAFKA.client("admin")).produce("shop.acl-canary", List.of(Map.entry("1",
        "{\"order_id\": 1, \"customer_id\": 101, \"total\": 1.25, \"currency\": \"eur\", \"created_at\": \"2026-11-20T08:00:00Z\"}")));

    WhereSecretsCouldBe places = runWithCanaries(spec, "canary");
    assertThat(places.graph()).as("the job carries the references")
        .contains("${weft:secret:kafka-weft-orders}").contains(SecretResolvingCatalogLoader.class.getName()).contains("catalog-canary");
    places.assertNoneHolds(List.of(CATALOG_CANARY, "weft-orders-secret", "weft-secret"));
  }

  @Test
  void aCdcInputsPasswordIsLookedUpInTheTasksAndIsNowhereElse() throws Exception {
    try (Connection db = DriverManager.getConnection(postgres.jdbcUrl()); Statement sql = db.createStatement()) {
      sql.execute("CREATE TABLE public.canary_customers (customer_id BIGINT PRIMARY KEY, tier TEXT)");
      sql.execute("ALTER TABLE public.canary_customers REPLICA IDENTITY FULL");
      sql.execute("INSERT INTO public.canary_customers VALUES (1, 'gold'), (2, 'silver'), (3, NULL)");
    }
    Path spec = work.resolve("cdc-canary.yaml");
    // the embedded PostgreSQL trusts local connections: the canary password gets the source its rows without being checked
    Files.writeString(spec, Specs.text("it/cdc-canary.yaml", Map.of("SHOP_DB_URL", postgres.jdbcUrl(), "SHOP_DB_USER", postgres.user())));
    applyAcls(spec);

    WhereSecretsCouldBe places = runWithCanaries(spec, "cdc-canary");
    assertThat(places.rows()).as("the source's rows, read with the password the tasks looked up")
        .containsExactly("1|GOLD", "2|SILVER", "3|null");
    places.assertNoneHolds(List.of(CDC_CANARY, CATALOG_CANARY, "weft-orders-secret", "weft-secret"));
    assertThat(places.graph()).as("the job carries the reference")
        .contains(SecretResolvingSource.class.getName()).contains("cdc-canary");
  }

  /**
   * Everywhere a password could leak to, after a run of one product until idle with the canary
   * passwords: the serialized job graph, REST {@code /jobs/<id>/config}, the process's logs, the
   * table's snapshot summaries and what the catalog holds (registration, runs, OpenLineage events).
   *
   * @param rows the table's rows after the run, {@code col|col}, ordered
   */
  private record WhereSecretsCouldBe(String graph, String config, String logs, List<String> summaries, String catalog, List<String> rows) {
    void assertNoneHolds(List<String> canaries) {
      assertThat(summaries).as("the run committed").isNotEmpty();
      assertThat(catalog).as("the catalog recorded the run").contains("\"eventType\":\"COMPLETE\"");
      for (String canary : canaries) {
        assertThat(graph).as("the job graph").doesNotContain(canary);
        assertThat(config).as("REST /jobs/<id>/config").doesNotContain(canary);
        assertThat(logs).as("the logs").doesNotContain(canary);
        assertThat(summaries).as("the snapshot summaries").noneMatch(summary -> summary.contains(canary));
        assertThat(catalog).as("the catalog (product, runs, OpenLineage events)").doesNotContain(canary);
      }
    }
  }

  /** Runs the product of {@code spec} until idle with every password a canary reference, reporting to an in-process catalog. */
  private static WhereSecretsCouldBe runWithCanaries(Path spec, String workDir) throws Exception {
    Path secrets = Files.createDirectories(work.resolve("secrets"));
    Files.writeString(secrets.resolve("catalog-canary"), CATALOG_CANARY + "\n");
    Files.writeString(secrets.resolve("cdc-canary"), CDC_CANARY + "\n");
    Configuration options = new Configuration();
    options.set(WeftOptions.KAFKA_BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
    options.set(WeftOptions.KAFKA_SECURITY_PROTOCOL, SecurityProtocol.SASL_PLAINTEXT);
    options.set(WeftOptions.KAFKA_SASL_USERNAME, "weft");
    options.set(WeftOptions.KAFKA_SASL_PASSWORD, "${secret:kafka-it-weft}");
    options.set(WeftOptions.CATALOG_URI, postgres.jdbcUrl());
    options.set(WeftOptions.CATALOG_USER, postgres.user());
    options.set(WeftOptions.CATALOG_PASSWORD, "${secret:catalog-canary}");
    options.set(WeftOptions.SECRETS_DIR, secrets.toString());
    options.set(WeftOptions.WORK_DIR, work.resolve(workDir).toString());
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    options.set(WeftOptions.CATALOG_SERVICE_PORT, 0);
    options.set(WeftOptions.CATALOG_SERVICE_TOKEN, CATALOG_TOKEN);
    ProductSet set = ProductSet.compile(List.of(spec));
    ProductPlan plan = set.plans().get(0);

    StringWriter logs = new StringWriter();
    StringWriter out = new StringWriter();
    Appender appender = captureLogs(logs);
    String config;
    byte[] graph;
    List<String> summaries = new ArrayList<>();
    List<String> rows = new ArrayList<>();
    StringBuilder catalog = new StringBuilder();
    if (flink == null) {
      flink = LocalFlinkCluster.start(4);
    }
    try (CatalogConnection connection = CatalogConnection.open(options, Optional.of(postgres), new PrintWriter(out, true));
        ProductRunner runner = new ProductRunner(flink, KafkaClients.properties(options, References.fromEnvironment()),
            IcebergCatalogSettings.external(options), options)) {
      ProductRunListener reporter = connection.reporter(set, runner, options, new PrintWriter(out, true));
      reporter.submitting(set.plans());
      RunningProduct running = runner.start(plan, true, Optional.empty());
      reporter.started(running);
      running.awaitFinished(Duration.ofMinutes(3));
      reporter.finished(running);
      config = get(flink.restAddress().resolve("/jobs/" + running.jobId() + "/config"));
      graph = InstantiationUtil.serializeObject(flink.submittedGraph(running.jobId()).orElseThrow());
      Table table = runner.catalog().loadTable(IcebergTables.identifier(plan));
      for (Snapshot snapshot : table.snapshots()) {
        summaries.add(snapshot.summary().toString());
      }
      try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
        records.forEach(r -> rows.add(r.get(0) + "|" + r.get(1)));
      }
      Collections.sort(rows);
      URI product = connection.url().orElseThrow().resolve("/api/v1/products/" + plan.product().replace('.', '/'));
      for (String path : List.of("", "/runs", "/openlineage", "/versions")) {
        catalog.append(get(URI.create(product + path))).append('\n');
      }
    } finally {
      stopCapturing(appender);
    }
    assertThat(out.toString()).as("registered in the catalog").contains("catalog: " + plan.product() + " 1.0.0 registered\n");
    // Java serialization writes ASCII strings as they are
    return new WhereSecretsCouldBe(new String(graph, StandardCharsets.ISO_8859_1), config, logs.toString() + out, summaries,
        catalog.toString(), rows);
  }

  private static String get(URI uri) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri)
            .header("Authorization", "Bearer " + CATALOG_TOKEN).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(uri + ": " + response.body()).isEqualTo(200);
    return response.body();
  }

  /** Every log event of the process at INFO and above, as operators' logs hold them, written into {@code logs}. */
  private static Appender captureLogs(StringWriter logs) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    Appender appender = WriterAppender.newBuilder().setName("canary").setTarget(logs)
        .setLayout(PatternLayout.newBuilder().withPattern("%c %m %ex%n").build()).build();
    appender.start();
    context.getConfiguration().getRootLogger().addAppender(appender, org.apache.logging.log4j.Level.INFO, null);
    context.getConfiguration().getRootLogger().setLevel(org.apache.logging.log4j.Level.INFO);
    context.updateLoggers();
    return appender;
  }

  private static void stopCapturing(Appender appender) {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(appender.getName());
    context.getConfiguration().getRootLogger().setLevel(org.apache.logging.log4j.Level.WARN); // as log4j2-test.properties sets it
    context.updateLoggers();
    appender.stop();
  }
}
