package dev.weft.access;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.plan.ProductPlan;
import dev.weft.dev.EmbeddedKafka;
import dev.weft.execute.KafkaClients;
import dev.weft.execute.TopicProvisioner;
import dev.weft.testing.Eventually;
import dev.weft.testing.SecuredKafka;
import dev.weft.testing.Specs;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ACLs {@code weft access --apply} adds, on a real broker with an authorizer and SASL users:
 * the runtime writes the product's topics in transactions, the owner and reader domains read what
 * they may with their own consumer groups, and everyone else is refused.
 */
class KafkaAclsITCase {
  private static final String TOPIC = "orders.acl-orders.v1";
  private static final String DEAD_LETTERS = "orders.acl-orders.v1.dlq";

  @RegisterExtension
  static final SecuredKafka KAFKA = new SecuredKafka("weft", "weft-orders", "weft-shipping", "orders", "marketing", "finance");

  @TempDir
  static Path specs;

  private static int firstApply;
  private static String firstApplyOut;

  @BeforeAll
  static void applyTheAclsThenPublishAsTheRuntime() throws Exception {
    Files.writeString(specs.resolve("acl-orders.yaml"), Specs.text("it/acl-orders.yaml", Map.of()));
    WeftCommandLine first = new WeftCommandLine();
    firstApply = first.run(applyAsAdmin(specs.resolve("acl-orders.yaml")));
    firstApplyOut = first.out() + first.err();
    try (Admin admin = Admin.create(KAFKA.client("admin"))) {
      // the input belongs to whoever feeds it, not to the product
      admin.createTopics(List.of(new NewTopic("shop.acl-orders", 1, (short) 1))).all().get();
    }
    ProductPlan plan = Specs.compile(Specs.load("it/acl-orders.yaml", Map.of()));
    try (Admin runtime = Admin.create(KAFKA.client("weft"))) {
      new TopicProvisioner(runtime).provision(plan);
    }
    // the job of an orders product signs in as the orders domain's principal
    Properties producer = KAFKA.client("weft-orders");
    producer.put("transactional.id", plan.names().transactionalIdPrefix() + "-topic-0-1");
    try (KafkaProducer<String, String> weft = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
      weft.initTransactions();
      weft.beginTransaction();
      for (int i = 1; i <= 3; i++) {
        weft.send(new ProducerRecord<>(TOPIC, 0, "k" + i, "{\"order_id\":" + i + "}"));
      }
      weft.send(new ProducerRecord<>(DEAD_LETTERS, "k4", "{\"rule\":\"positive-total\"}"));
      weft.commitTransaction();
    }
  }

  private static String[] applyAsAdmin(Path spec, String... more) {
    List<String> args = new ArrayList<>(List.of("access", spec.toString(), "--format", "kafka-acl", "--apply"));
    args.addAll(KAFKA.weftFlags("admin"));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void applyingAddsEveryAclTheSpecCallsFor() {
    assertThat(firstApply).as(firstApplyOut).isZero();
    assertThat(firstApplyOut).isEqualTo("""
        # orders.acl-orders: owner orders, readers marketing
        added    User:weft CREATE topic orders.acl-orders.v1
        added    User:weft DESCRIBE topic orders.acl-orders.v1
        added    User:weft-orders WRITE topic orders.acl-orders.v1
        added    User:weft-orders DESCRIBE topic orders.acl-orders.v1
        added    User:weft CREATE topic orders.acl-orders.v1.dlq
        added    User:weft DESCRIBE topic orders.acl-orders.v1.dlq
        added    User:weft-orders WRITE topic orders.acl-orders.v1.dlq
        added    User:weft-orders DESCRIBE topic orders.acl-orders.v1.dlq
        added    User:weft READ topic orders.acl-orders.v1.dlq
        added    User:weft-orders WRITE transactional-id weft-orders.acl-orders.v1-* (prefix)
        added    User:weft-orders DESCRIBE transactional-id weft-orders.acl-orders.v1-* (prefix)
        added    User:weft-orders IDEMPOTENT_WRITE cluster kafka-cluster
        added    User:weft DESCRIBE cluster kafka-cluster
        added    User:weft READ topic shop.acl-orders
        added    User:weft DESCRIBE topic shop.acl-orders
        added    User:weft-orders READ topic shop.acl-orders
        added    User:weft-orders DESCRIBE topic shop.acl-orders
        added    User:weft-orders READ group weft.orders.acl-orders.v1
        added    User:orders READ topic orders.acl-orders.v1
        added    User:orders DESCRIBE topic orders.acl-orders.v1
        added    User:orders READ topic orders.acl-orders.v1.dlq
        added    User:orders DESCRIBE topic orders.acl-orders.v1.dlq
        added    User:orders READ group orders.* (prefix)
        added    User:weft DESCRIBE group orders.* (prefix)
        added    User:marketing READ topic orders.acl-orders.v1
        added    User:marketing DESCRIBE topic orders.acl-orders.v1
        added    User:marketing READ group marketing.* (prefix)
        added    User:weft DESCRIBE group marketing.* (prefix)
        orders.acl-orders: 28 added, 0 already present, 0 stale
        """);
  }

  @Test
  void applyingAgainAddsNothing() {
    assertThat(cli.run(applyAsAdmin(specs.resolve("acl-orders.yaml")))).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("""
        # orders.acl-orders: owner orders, readers marketing
        orders.acl-orders: 0 added, 28 already present, 0 stale
        """);
    cli.clear();
  }

  @Test
  void theOwnerReadsTopicAndDeadLettersTheRuntimeCommitted() {
    assertThat(read("orders", "orders.audit", TOPIC)).containsExactly("{\"order_id\":1}", "{\"order_id\":2}", "{\"order_id\":3}");
    assertThat(read("orders", "orders.audit", DEAD_LETTERS)).containsExactly("{\"rule\":\"positive-total\"}");
  }

  @Test
  void aReaderDomainConsumesExactlyTheRecordsWithItsOwnGroup() {
    assertThat(read("marketing", "marketing.dashboards", TOPIC))
        .containsExactly("{\"order_id\":1}", "{\"order_id\":2}", "{\"order_id\":3}");
  }

  @Test
  void aDomainThatIsNoReaderIsRefusedTheTopic() {
    assertThatThrownBy(() -> readAssigned("finance", TOPIC))
        .isInstanceOf(TopicAuthorizationException.class)
        .hasMessage("Not authorized to access topics: [orders.acl-orders.v1]");
    // with a group of its own prefix too: the topic is refused before the group is asked for
    assertThatThrownBy(() -> read("finance", "finance.reports", TOPIC))
        .isInstanceOf(TopicAuthorizationException.class)
        .hasMessage("Not authorized to access topics: [orders.acl-orders.v1]");
  }

  @Test
  void aReaderIsRefusedTheDeadLettersAndGroupsOutsideItsPrefix() {
    assertThatThrownBy(() -> readAssigned("marketing", DEAD_LETTERS))
        .isInstanceOf(TopicAuthorizationException.class)
        .hasMessage("Not authorized to access topics: [orders.acl-orders.v1.dlq]");
    assertThatThrownBy(() -> read("marketing", "orders.audit", TOPIC))
        .isInstanceOf(GroupAuthorizationException.class)
        .hasMessage("Not authorized to access group: orders.audit");
  }

  @Test
  void aDomainsJobMayNotUseTransactionalIdsOutsideItsProductsPrefix() {
    // another product of the same domain, and a product whose name starts like it: v10 is not v1
    for (String id : List.of("weft-orders.other-product.v1-topic-0-1", "weft-orders.acl-orders.v10-topic-0-1")) {
      Properties producer = KAFKA.client("weft-orders");
      producer.put("transactional.id", id);
      try (KafkaProducer<String, String> job = new KafkaProducer<>(producer, new StringSerializer(), new StringSerializer())) {
        assertThatThrownBy(job::initTransactions).as(id)
            .isInstanceOf(TransactionalIdAuthorizationException.class)
            .hasMessage("Transactional Id authorization failed.");
      }
    }
  }

  @Test
  void anotherDomainsJobIsRefusedTheProductsTopicAndTransactionalIds() throws Exception {
    Map<String, String> shipments = Map.of("acl-orders", "acl-shipments", "domain: orders", "domain: shipping");
    Path shipping = specs.resolve("acl-shipments.yaml");
    Files.writeString(shipping, Specs.text("it/acl-orders.yaml", shipments));
    assertThat(cli.run(applyAsAdmin(shipping))).as(cli.err()).isZero();
    cli.clear();
    try (Admin runtime = Admin.create(KAFKA.client("weft"))) {
      new TopicProvisioner(runtime).provision(Specs.compile(Specs.load("it/acl-orders.yaml", shipments)));
    }
    // the properties a shipping product's job gets: signed in as User:weft-shipping, its password
    // resolved by the client from ${secret:kafka-weft-shipping} (the failsafe configuration sets it)
    Properties job = KafkaClients.forJobsOf("shipping", KAFKA.client("weft"), new Configuration());
    assertThat(job.getProperty("sasl.jaas.config")).isEqualTo("org.apache.kafka.common.security.plain.PlainLoginModule required "
        + "username=\"weft-shipping\" password=\"${weft:secret:kafka-weft-shipping}\";");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(job, new StringSerializer(), new StringSerializer())) {
      // its own topic it may write
      producer.send(new ProducerRecord<>("shipping.acl-shipments.v1", 0, "k", "{}")).get();
      assertThatThrownBy(() -> producer.send(new ProducerRecord<>(TOPIC, 0, "k", "{\"order_id\":666}")).get())
          .hasCauseInstanceOf(TopicAuthorizationException.class)
          .cause().hasMessage("Not authorized to access topics: [orders.acl-orders.v1]");
    }
    Properties transactional = KafkaClients.forJobsOf("shipping", KAFKA.client("weft"), new Configuration());
    transactional.put("transactional.id", "weft-orders.acl-orders.v1-topic-0-1");
    try (KafkaProducer<String, String> producer = new KafkaProducer<>(transactional, new StringSerializer(), new StringSerializer())) {
      assertThatThrownBy(producer::initTransactions)
          .isInstanceOf(TransactionalIdAuthorizationException.class)
          .hasMessage("Transactional Id authorization failed.");
    }
  }

  @Test
  void aReaderDroppedFromTheSpecIsReportedThenRemovedWhenAsked() throws Exception {
    Path spec = specs.resolve("acl-shared.yaml");
    Files.writeString(spec, Specs.text("it/acl-orders.yaml", Map.of("acl-orders", "acl-shared", "[marketing]", "[marketing, finance]")));
    assertThat(cli.run(applyAsAdmin(spec))).as(cli.err()).isZero();
    // the runtime's cluster ACLs and the owner's and marketing's group prefixes came with the first product
    assertThat(cli.out()).endsWith("orders.acl-shared: 26 added, 6 already present, 0 stale\n");
    cli.clear();

    Files.writeString(spec, Specs.text("it/acl-orders.yaml", Map.of("acl-orders", "acl-shared")));
    assertThat(cli.run(applyAsAdmin(spec))).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("""
        # orders.acl-shared: owner orders, readers marketing
        stale    User:finance READ topic orders.acl-shared.v1
        stale    User:finance DESCRIBE topic orders.acl-shared.v1
        orders.acl-shared: 0 added, 28 already present, 2 stale kept (weft access --apply --remove-stale removes them)
        """);
    cli.clear();

    assertThat(cli.run(applyAsAdmin(spec, "--remove-stale"))).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("""
        # orders.acl-shared: owner orders, readers marketing
        removed  User:finance READ topic orders.acl-shared.v1
        removed  User:finance DESCRIBE topic orders.acl-shared.v1
        orders.acl-shared: 0 added, 28 already present, 2 stale removed
        """);
    cli.clear();
    assertThat(cli.run(applyAsAdmin(spec))).as(cli.err()).isZero();
    assertThat(cli.out()).endsWith("orders.acl-shared: 0 added, 28 already present, 0 stale\n");
    cli.clear();
  }

  @Test
  void aWrongPasswordOrAUserThatMayNotManageAclsIsRefused() throws Exception {
    Path spec = specs.resolve("acl-orders.yaml");
    List<String> wrongPassword = new ArrayList<>(List.of("access", spec.toString(), "--format", "kafka-acl", "--apply"));
    wrongPassword.addAll(KAFKA.weftFlags("finance").stream().map(f -> f.replace("kafka-it-finance", "kafka-it-admin")).toList());
    assertThat(cli.run(wrongPassword.toArray(String[]::new))).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("cannot read the ACLs on the Kafka cluster at " + KAFKA.bootstrapServers()
        + ": Authentication failed: Invalid username or password\n");
    cli.clear();
    // the runtime may read ACLs (it describes the cluster for topic sizes), not add them
    Path unapplied = specs.resolve("acl-unapplied.yaml");
    Files.writeString(unapplied, Specs.text("it/acl-orders.yaml", Map.of("acl-orders", "acl-unapplied")));
    List<String> notAllowed = new ArrayList<>(List.of("access", unapplied.toString(), "--format", "kafka-acl", "--apply"));
    notAllowed.addAll(KAFKA.weftFlags("weft"));
    assertThat(cli.run(notAllowed.toArray(String[]::new))).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("cannot add ACLs on the Kafka cluster at " + KAFKA.bootstrapServers()
        + ": the client's principal is not authorized (ClusterAuthorizationException); "
        + "sign in as a principal allowed to DESCRIBE and ALTER the cluster (a super user)\n");
  }

  @Test
  void anAdminSignsInWithScramToo() throws Exception {
    try (Admin admin = Admin.create(KAFKA.client("admin"))) {
      admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("admin",
          new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), "admin-secret"))).all().get();
    }
    Properties scram = KAFKA.client("admin");
    scram.setProperty("sasl.mechanism", "SCRAM-SHA-512");
    scram.setProperty("sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"admin\" password=\"admin-secret\";");
    // the credential reaches the broker with the next metadata update
    Eventually.await(() -> {
      try (Admin admin = Admin.create(scram)) {
        admin.describeCluster().clusterId().get();
        return true;
      } catch (Exception notYet) {
        return false;
      }
    }, "the broker knows admin's SCRAM credential");
    List<String> args = new ArrayList<>(List.of("access", specs.resolve("acl-orders.yaml").toString(), "--format", "kafka-acl", "--apply"));
    args.addAll(KAFKA.weftFlags("admin").stream().map(f -> f.equals("PLAIN") ? "SCRAM-SHA-512" : f).toList());
    assertThat(args).contains("SCRAM-SHA-512");
    assertThat(cli.run(args.toArray(String[]::new))).as(cli.err()).isZero();
    assertThat(cli.out()).endsWith("orders.acl-orders: 0 added, 28 already present, 0 stale\n");
  }

  @Test
  void aBrokerWithoutAuthorizerIsReportedAndLeftAlone() throws Exception {
    try (EmbeddedKafka open = EmbeddedKafka.start()) {
      assertThat(cli.run("access", specs.resolve("acl-orders.yaml").toString(), "--format", "kafka-acl", "--apply",
          "--kafka", open.bootstrapServers())).as(cli.err()).isZero();
      assertThat(cli.out()).isEqualTo("no ACLs applied: the Kafka cluster at " + open.bootstrapServers() + " has no authorizer, "
          + "so it checks no ACLs (every client may read and write every topic); set authorizer.class.name on its brokers to enforce them\n");
    }
  }

  /** The committed values of a topic's first partition, read by {@code user} in consumer group {@code group}. */
  private static List<String> read(String user, String group, String topic) {
    Properties props = KAFKA.client(user);
    props.put("group.id", group);
    props.put("auto.offset.reset", "earliest");
    props.put("isolation.level", "read_committed");
    props.put("enable.auto.commit", "false");
    List<String> values = new ArrayList<>();
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.subscribe(List.of(topic));
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (values.size() < expectedCount(topic) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
      }
      consumer.commitSync();
    }
    return values;
  }

  private static int expectedCount(String topic) {
    return topic.equals(TOPIC) ? 3 : 1;
  }

  /** Reads partition 0 of {@code topic} as {@code user} without a consumer group. */
  private static void readAssigned(String user, String topic) {
    Properties props = KAFKA.client(user);
    try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
      consumer.assign(List.of(new TopicPartition(topic, 0)));
      consumer.seekToBeginning(List.of(new TopicPartition(topic, 0)));
      consumer.poll(Duration.ofSeconds(10));
    }
  }
}
