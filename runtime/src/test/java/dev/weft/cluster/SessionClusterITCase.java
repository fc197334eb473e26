package dev.weft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.dev.DevStack;
import dev.weft.execute.LeaseHolder;
import dev.weft.execute.LocalFlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RemoteFlinkCluster;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.testing.Eventually;
import dev.weft.testing.SessionCluster;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import dev.weft.verify.TopicTableVerifier;
import dev.weft.verify.Verification;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Products on a real Flink session cluster: a JobManager and two TaskManagers, each its own JVM,
 * started by deploy/flink/cluster.sh; Kafka and PostgreSQL stay embedded in the test's JVM and the
 * TaskManagers reach them on this machine.
 */
class SessionClusterITCase {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final long SEED = Long.getLong("weft.cluster.seed", new Random().nextLong());
  private static SessionCluster cluster;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = SessionCluster.start(Files.createTempDirectory("weft-flink-cluster-"), 2);
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void theExampleMeshDrainsOnTheClusterWithTheCountsOfTheMiniCluster() throws Exception {
    WeftCommandLine cli = new WeftCommandLine();
    Path work = Files.createTempDirectory("weft-dev-cluster-");
    int exit = cli.run("dev", "../product-specs", "--until-idle", "--records", "200", "--work-dir", work.toString(), "--checkpoint-interval", "1s",
        "--catalog-port", "0", "--flink", cluster.url());

    assertThat(exit).as(cli.out() + cli.err()).isZero();
    String output = cli.out();
    // the counts WeftDevITCase asserts on the MiniCluster
    assertThat(section(output, "orders.order-events 1.0.0")).contains("  table rows    196\n").contains("  dead letters  4\n");
    assertThat(section(output, "customers.customer-profiles 1.0.0")).contains("  table rows    50\n").contains("  dead letters  2\n");
    assertThat(section(output, "payments.payment-events 1.0.0")).contains("  table rows    196\n").contains("  dead letters  4\n");
    assertThat(section(output, "finance.daily-revenue 1.0.0")).contains("  table rows    3\n").contains("  dead letters  0\n");
    assertThat(section(output, "orders.orders-with-tier 1.0.0")).contains("  table rows    196\n").contains("  dead letters  0\n");
    // and they ran on the cluster, not in this JVM
    assertThat(cluster.jobNames()).contains("weft_orders_order_events_v1", "weft_orders_orders_with_tier_v1",
        "weft_finance_daily_revenue_v1", "weft_payments_payment_events_v1", "weft_customers_customer_profiles_v1");
  }

  /**
   * kill -9 of the TaskManager that runs a streaming product, a replacement TaskManager, then a
   * drain and a rescale from parallelism 1 to 2 through the savepoint it stopped with: topic and
   * table hold every valid record once, the dead-letter topic every invalid one.
   */
  @Test
  void aKilledTaskManagerAndARescaleThroughASavepointLoseAndDuplicateNothing() throws Exception {
    System.out.println("SessionClusterITCase seed " + SEED);
    Random random = new Random(SEED);
    Configuration options = new Configuration();
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-cluster-crash-").toString());
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(1));
    options.set(WeftOptions.FLINK_URL, cluster.url());
    ProductPlan plan = ProductSet.compile(List.of(Path.of("../product-specs/payments/payment-events.yaml"))).plans().get(0);
    try (DevStack stack = DevStack.start(options)) {
      Topics topics = new Topics(stack.kafka().clientProperties());
      topics.create("psp.payments", 2);
      int[] invalid = {0};
      int[] next = {1};
      Runnable produce = () -> {
        try {
          topics.produce("psp.payments", payments(random, next, 1_000, invalid));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      };
      produce.run();
      ProductRunner runner = stack.runner();
      runner.provision(List.of(plan));
      RunningProduct streaming = runner.start(plan, false, Optional.empty());
      Table table = runner.catalog().loadTable(org.apache.iceberg.catalog.TableIdentifier.parse(plan.names().qualifiedTable()));
      Eventually.await(() -> {
        table.refresh();
        return ProductSnapshot.latest(table).isPresent();
      }, "a first table commit of " + plan.product());

      List<String> running = cluster.taskManagersOf(streaming.jobId());
      assertThat(running).hasSize(1);
      cluster.killNine(running.get(0));
      produce.run();
      cluster.addTaskManager();
      Eventually.await(streaming::hasRestarted, plan.product() + " restarted after its TaskManager was killed");
      String status = status(Path.of("../product-specs/payments/payment-events.yaml"));
      assertThat(status).contains("  job           weft_payments_payment_events_v1 " + streaming.jobId() + " on Flink cluster " + cluster.url()
              + ", version 1.0.0\n")
          .contains("  state         RUNNING since ")
          .containsPattern("\n  restarts      [1-9][0-9]*(, last failure [^\n]+)?\n");
      produce.run();
      streaming.cancel(); // as Ctrl-C: the next start continues from its newest checkpoint

      // drained at parallelism 1, then rescaled to 2 through the savepoint the drain stopped with
      runner.start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
      produce.run();
      Configuration twice = new Configuration(options);
      twice.set(WeftOptions.PARALLELISM, 2);
      try (ProductRunner rescaled = new ProductRunner(stack.flink(), stack.kafka().clientProperties(), stack.catalog(), twice)) {
        rescaled.start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
      }

      assertExactlyOnce(stack, plan, topics, next[0] - 1, invalid[0]);
      assertThat(cluster.registeredTaskManagers()).isEqualTo(2);
    }
  }

  /**
   * weft deploy, all idempotent: a new product is submitted, an unchanged one left alone, a
   * compatible minor version stopped with a savepoint and submitted from it; weft stop --savepoint
   * stops it. Nothing is lost or duplicated across the versions.
   */
  @Test
  void deployIsIdempotentAndAMinorChangeContinuesFromASavepoint() throws Exception {
    Path work = Files.createTempDirectory("weft-cluster-deploy-");
    Configuration options = new Configuration();
    options.set(WeftOptions.WORK_DIR, work.toString());
    options.set(WeftOptions.FLINK_URL, cluster.url());
    Path v100 = Path.of("../product-specs/payments/payment-events.yaml");
    Path v110 = work.resolve("payment-events.yaml");
    Files.writeString(v110, Files.readString(v100).replace("version: 1.0.0", "version: 1.1.0")
        .replace("description: Card and wallet payments captured for orders.", "description: Card and wallet payments captured for orders, per payment."));
    ProductPlan plan = ProductSet.compile(List.of(v110)).plans().get(0);
    Random random = new Random(SEED);
    int[] invalid = {0};
    int[] next = {1};
    try (DevStack stack = DevStack.start(options)) {
      Topics topics = new Topics(stack.kafka().clientProperties());
      topics.create("psp.payments", 2);
      topics.produce("psp.payments", payments(random, next, 500, invalid));
      String[] services = {"--kafka", stack.kafka().bootstrapServers(), "--catalog-uri", stack.catalog().jdbcUrl(),
          "--catalog-user", stack.catalog().user(), "--warehouse", stack.catalog().warehouse(), "--work-dir", work.toString(),
          "--checkpoint-interval", "1s", "--flink", cluster.url()};

      // a product a local weft run writes (its MiniCluster in this JVM) is not deployed beside it
      Configuration local = new Configuration(options);
      local.removeConfig(WeftOptions.FLINK_URL);
      try (LocalFlinkCluster miniCluster = LocalFlinkCluster.start(2);
          ProductRunner localRun = new ProductRunner(miniCluster, stack.kafka().clientProperties(), stack.catalog(), local)) {
        RunningProduct running = localRun.start(ProductSet.compile(List.of(v100)).plans().get(0), false, Optional.empty());
        WeftCommandLine beside = new WeftCommandLine();
        assertThat(beside.run(concat(new String[] {"deploy", v100.toString()}, services))).as(beside.out() + beside.err()).isEqualTo(1);
        assertThat(beside.err()).isEqualTo("product payments.payment-events@1 is already running as Flink job " + running.jobId()
            + " in the weft process " + ProcessHandle.current().pid() + " on " + LeaseHolder.thisHost()
            + "; stop it there first (a second writer would abort its Kafka transactions and lose records from the topic)\n");
        running.cancel();
      }
      // nor one that a weft run --flink session runs on the cluster: the session cancels it when it ends
      try (RemoteFlinkCluster remote = RemoteFlinkCluster.connect(cluster.url());
          ProductRunner session = new ProductRunner(remote, stack.kafka().clientProperties(), stack.catalog(), options)) {
        RunningProduct running = session.start(ProductSet.compile(List.of(v100)).plans().get(0), false, Optional.empty());
        WeftCommandLine beside = new WeftCommandLine();
        assertThat(beside.run(concat(new String[] {"deploy", v100.toString()}, services))).as(beside.out() + beside.err()).isEqualTo(1);
        assertThat(beside.err()).isEqualTo("product payments.payment-events@1 is already running as Flink job " + running.jobId()
            + " on the Flink cluster " + cluster.url() + ", started by a weft run session in the weft process " + ProcessHandle.current().pid()
            + " on " + LeaseHolder.thisHost() + ", which cancels it when it ends; stop that session first, then deploy\n");
        running.cancel();
      }

      WeftCommandLine first = new WeftCommandLine();
      assertThat(first.run(concat(new String[] {"deploy", v100.toString()}, services))).as(first.out() + first.err()).isZero();
      var submitted = java.util.regex.Pattern.compile("payments.payment-events 1.0.0: submitted as job (\\w+)\n").matcher(first.out());
      assertThat(submitted.find()).as(first.out()).isTrue();
      String job = submitted.group(1);
      WeftCommandLine again = new WeftCommandLine();
      assertThat(again.run(concat(new String[] {"deploy", v100.toString()}, services))).as(again.out() + again.err()).isZero();
      assertThat(again.out()).endsWith("\npayments.payment-events 1.0.0: unchanged, runs as job " + job + "\n");
      // nor is a deployed product run a second time
      WeftCommandLine run = new WeftCommandLine();
      assertThat(run.run(concat(new String[] {"run", v100.toString()}, services))).as(run.out() + run.err()).isEqualTo(1);
      assertThat(run.out()).endsWith("product payments.payment-events@1 is already running as Flink job " + job + " on the Flink cluster "
          + cluster.url() + "; stop it there first (a second writer would abort its Kafka transactions and lose records from the topic)\n");
      Table table = stack.runner().catalog().loadTable(org.apache.iceberg.catalog.TableIdentifier.parse(plan.names().qualifiedTable()));
      Eventually.await(() -> {
        table.refresh();
        return ProductSnapshot.latest(table).isPresent();
      }, "a first table commit of " + plan.product());
      // what the cluster reports of it, once the job has completed a checkpoint of its own (the table's
      // first commit may be the local run's) and its Kafka source reports how far it is behind (the
      // connector registers pendingRecords when it first reads a record)
      topics.produce("psp.payments", payments(random, next, 500, invalid));
      String[] reported = {""};
      Eventually.await(() -> {
        reported[0] = status(v100);
        return !reported[0].contains("  checkpoint    none") && !reported[0].contains("  lag           unknown");
      }, "weft status reporting a checkpoint and the lag of " + plan.product());
      String status = reported[0];
      assertThat(status).startsWith("payments.payment-events 1.0.0\n  topic         " + plan.names().topic() + "\n"
              + "  table         " + plan.names().qualifiedTable() + "\n"
              + "  job           weft_payments_payment_events_v1 " + job + " on Flink cluster " + cluster.url() + ", version 1.0.0\n"
              + "  state         RUNNING since ")
          .contains("\n  restarts      0\n")
          .containsPattern("\n  checkpoint    [0-9]+, completed [^\n]+ ago, [0-9.]+ (B|KiB|MiB) written, [0-9.]+ (B|KiB|MiB) of state, at file:"
              + java.util.regex.Pattern.quote(work.toAbsolutePath().toString()) + "/[^\n]+\n")
          .containsPattern("\n  lag           [0-9]+ records not yet read from its Kafka inputs\n");

      WeftCommandLine minor = new WeftCommandLine();
      assertThat(minor.run(concat(new String[] {"deploy", v110.toString()}, services))).as(minor.out() + minor.err()).isZero();
      assertThat(minor.out()).contains("payments.payment-events 1.0.0: stopped with savepoint file:" + work.toAbsolutePath())
          .containsPattern("payments.payment-events 1.1.0: submitted as job \\w+ from that savepoint\n");
      topics.produce("psp.payments", payments(random, next, 500, invalid));

      WeftCommandLine stop = new WeftCommandLine();
      assertThat(stop.run("stop", v110.toString(), "--savepoint", "--flink", cluster.url(), "--work-dir", work.toString())).as(stop.err()).isZero();
      assertThat(stop.out()).contains("payments.payment-events 1.1.0: stopped with savepoint file:");
      WeftCommandLine stopped = new WeftCommandLine();
      assertThat(stopped.run("stop", v110.toString(), "--flink", cluster.url(), "--work-dir", work.toString())).isZero();
      assertThat(stopped.out()).isEqualTo("payments.payment-events@1: not running on Flink cluster " + cluster.url() + "\n");

      // what the savepoint left pending is committed by the next start, which drains the rest
      stack.runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
      assertExactlyOnce(stack, plan, topics, next[0] - 1, invalid[0]);
    }
  }

  /** What {@code weft status SPEC --flink URL} prints. */
  private static String status(Path spec) {
    WeftCommandLine status = new WeftCommandLine();
    assertThat(status.run("status", spec.toString(), "--flink", cluster.url())).as(status.out() + status.err()).isZero();
    return status.out();
  }

  private static String[] concat(String[] first, String[] second) {
    String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, all, first.length, second.length);
    return all;
  }

  /** Topic and table hold every valid payment id once, the dead-letter topic every invalid one, and weft verify agrees. */
  static void assertExactlyOnce(DevStack stack, ProductPlan plan, Topics topics, int produced, int invalid) throws Exception {
    Table table = stack.runner().catalog().loadTable(org.apache.iceberg.catalog.TableIdentifier.parse(plan.names().qualifiedTable()));
    List<Long> tableIds = Tables.readAll(table).stream().map(r -> (Long) r.getField("payment_id")).sorted().toList();
    List<Long> topicIds = new ArrayList<>();
    for (var record : topics.readAll(plan.names().topic())) {
      topicIds.add(JSON.readTree(Topics.value(record)).get("payment_id").asLong());
    }
    List<Long> expected = new ArrayList<>();
    for (long id = 1; id <= produced; id++) {
      if (id % 10 != 0) {
        expected.add(id);
      }
    }
    assertThat(tableIds).as("seed %s: table", SEED).containsExactlyElementsOf(expected);
    assertThat(topicIds.stream().sorted().toList()).as("seed %s: topic", SEED).containsExactlyElementsOf(expected);
    assertThat(topics.readAll(plan.names().deadLetterTopic())).as("seed %s: dead letters", SEED).hasSize(invalid);
    Verification verification = new TopicTableVerifier(stack.kafka().clientProperties(), stack.runner().catalog()).verify(plan);
    assertThat(verification.differences()).as("seed %s: weft verify", SEED).isEmpty();
  }

  /** {@code count} payments from {@code next[0]} on; every tenth has a negative amount and is dead-lettered. */
  static List<Map.Entry<String, String>> payments(Random random, int[] next, int count, int[] invalid) {
    List<Map.Entry<String, String>> records = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int id = next[0]++;
      boolean bad = id % 10 == 0;
      invalid[0] += bad ? 1 : 0;
      records.add(Map.entry(Integer.toString(id), "{\"payment_id\": " + id + ", \"order_id\": " + (1000 + random.nextInt(500))
          + ", \"amount\": " + (bad ? "-1.00" : (1 + random.nextInt(200)) + ".50") + ", \"method\": \"card\", \"captured_at\": \"2026-11-20T08:00:00Z\"}"));
    }
    return records;
  }

  private static String section(String output, String header) {
    int start = output.indexOf(header + "\n");
    assertThat(start).as("%s in output:\n%s", header, output).isNotNegative();
    int end = output.indexOf("\n", output.indexOf("  dead letters  ", output.indexOf("  table rows", start)));
    return output.substring(start, end + 1);
  }
}
