package dev.weft.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.dev.DevStack;
import dev.weft.execute.LeaseHolder;
import dev.weft.execute.ProductAlreadyRunningException;
import dev.weft.execute.ProductJobs;
import dev.weft.execute.WriterLease;
import dev.weft.execute.WriterLeases;
import dev.weft.jobs.ProductMain;
import dev.weft.execute.WeftOptions;
import dev.weft.plan.PlanJson;
import dev.weft.plan.ProductPlan;
import dev.weft.testing.Eventually;
import dev.weft.testing.SessionCluster;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/**
 * A product's job built inside the cluster, as the Kubernetes resources run it: Flink's application
 * mode entry point (a JobManager JVM) runs {@code dev.weft.jobs.ProductMain --plan plan.json} on the
 * class path the Weft Flink image has in lib/, with a TaskManager JVM beside it; the plan is what
 * {@code weft plan --json} printed, and the cluster's configuration says where Kafka and the catalog
 * are (embedded in this JVM). The job holds its product's writer lease while it runs: a
 * {@code weft run} of the product is refused meanwhile, ProductMain is refused while a {@code weft
 * run} holds it, and once the cluster is gone its lease is taken over without a cleanup.
 */
class ProductMainITCase {

  @Test
  void productMainRunsThePlannedJobInApplicationMode() throws Exception {
    Path work = Files.createTempDirectory("weft-product-main-");
    Configuration options = new Configuration();
    options.set(WeftOptions.WORK_DIR, work.toString());
    Path spec = Path.of("../product-specs/payments/payment-events.yaml");
    WeftCommandLine planned = new WeftCommandLine();
    assertThat(planned.run("plan", spec.toString(), "--json")).as(planned.err()).isZero();
    Path planFile = Files.writeString(work.resolve("plan.json"), planned.out());
    ProductPlan plan = PlanJson.read(planned.out());
    Random random = new Random(SessionClusterITCase.SEED);
    int[] invalid = {0};
    int[] next = {1};
    try (DevStack stack = DevStack.start(options)) {
      Topics topics = new Topics(stack.kafka().clientProperties());
      topics.create("psp.payments", 2);
      topics.produce("psp.payments", SessionClusterITCase.payments(random, next, 300, invalid));
      Map<String, String> cluster = new LinkedHashMap<>();
      cluster.put(WeftOptions.KAFKA_BOOTSTRAP_SERVERS.key(), stack.kafka().bootstrapServers());
      cluster.put(WeftOptions.CATALOG_URI.key(), stack.catalog().jdbcUrl());
      cluster.put(WeftOptions.CATALOG_USER.key(), stack.catalog().user());
      cluster.put(WeftOptions.CATALOG_PASSWORD.key(), stack.catalog().password());
      cluster.put(WeftOptions.CATALOG_NAME.key(), stack.catalog().name());
      cluster.put(WeftOptions.WAREHOUSE.key(), stack.catalog().warehouse());
      cluster.put("execution.checkpointing.interval", "1s");
      cluster.put("parallelism.default", "1");
      cluster.put(WeftOptions.LEASE_EXPIRY.key(), "4 s"); // the JobManager renews the job's lease every second
      Configuration clusterOptions = Configuration.fromMap(cluster);
      try (WriterLeases weftRun = new WriterLeases(stack.catalog(), Duration.ofMinutes(1))) {
        // the lease weft run takes before it starts the product's job on its MiniCluster
        WriterLease held = weftRun.acquire(plan.versionedName(), LeaseHolder.local(new JobID()));
        assertThatThrownBy(() -> ProductMain.run(planFile, StreamExecutionEnvironment.getExecutionEnvironment(clusterOptions)))
            .isInstanceOf(ProductAlreadyRunningException.class)
            .hasMessage("product payments.payment-events@1 is already running as Flink job " + held.holder().job() + " in the weft process "
                + ProcessHandle.current().pid() + " on " + LeaseHolder.thisHost() + "; stop it there first (a second writer would abort"
                + " its Kafka transactions and lose records from the topic)");
        weftRun.release(held);
      }
      String jobId;
      try (SessionCluster application = SessionCluster.application(work.resolve("flink"), planFile, 1, cluster)) {
        // ProductMain takes the lease before it submits the job
        Eventually.await(() -> {
          try {
            return !application.get("/jobs").get("jobs").isEmpty();
          } catch (Exception notYet) {
            return false;
          }
        }, "ProductMain submitting the job of " + plan.product());
        jobId = application.get("/jobs").get("jobs").get(0).get("id").asText();
        // the job holds its product's lease: a weft run of it is refused, naming the job and its cluster
        WeftCommandLine run = new WeftCommandLine();
        assertThat(run.run("run", spec.toString(), "--work-dir", work.resolve("weft-run").toString(), "--kafka", stack.kafka().bootstrapServers(),
            "--catalog-uri", stack.catalog().jdbcUrl(), "--catalog-user", stack.catalog().user(), "--warehouse", stack.catalog().warehouse()))
            .as(run.err()).isEqualTo(1);
        assertThat(run.out() + run.err()).contains("product payments.payment-events@1 is already running as Flink job " + jobId + " on the Flink cluster "
            + application.url() + "; stop it there first (a second writer would abort its Kafka transactions and lose records from the topic)");
        // and renews it while the job runs
        java.sql.Timestamp taken = heartbeat(stack, plan);
        Eventually.await(() -> heartbeat(stack, plan).after(taken), "the JobManager renewing the lease of " + plan.product());
        // records produced while it runs are read too: the job streams
        topics.produce("psp.payments", SessionClusterITCase.payments(random, next, 200, invalid));
        // ProductMain creates the table, in the JobManager, before the job starts
        TableIdentifier identifier = TableIdentifier.parse(plan.names().qualifiedTable());
        Eventually.await(() -> stack.runner().catalog().tableExists(identifier), "ProductMain creating the table " + identifier);
        Table table = stack.runner().catalog().loadTable(identifier);
        int valid = next[0] - 1 - invalid[0];
        Eventually.await(() -> {
          table.refresh();
          return Tables.readAll(table).size() >= valid;
        }, "the table of " + plan.product() + " holding " + valid + " rows (seed " + SessionClusterITCase.SEED + ")");
        assertThat(application.jobNames()).containsExactly(ProductJobs.jobName(plan));
        SessionClusterITCase.assertExactlyOnce(stack, plan, topics, next[0] - 1, invalid[0]);
      }
      // its cluster is gone and no longer renews the lease: a start takes it over once it expires, without a cleanup
      try (WriterLeases afterwards = new WriterLeases(stack.catalog(), Duration.ofSeconds(2))) {
        WriterLease[] taken = new WriterLease[1];
        Eventually.await(() -> {
          try {
            taken[0] = afterwards.acquire(plan.versionedName(), LeaseHolder.local(new JobID()));
            return true;
          } catch (ProductAlreadyRunningException stillRenewed) {
            return false;
          }
        }, "the lease of " + plan.product() + " once job " + jobId + " stopped renewing it");
        afterwards.release(taken[0]);
      }
    }
  }

  /** When the product's lease was last renewed. */
  private static java.sql.Timestamp heartbeat(DevStack stack, ProductPlan plan) {
    var catalog = stack.catalog();
    try (var connection = java.sql.DriverManager.getConnection(catalog.jdbcUrl(), catalog.user(), catalog.password());
        var select = connection.prepareStatement("SELECT heartbeat_at FROM weft_writer_leases WHERE product = ?")) {
      select.setString(1, plan.versionedName());
      try (var row = select.executeQuery()) {
        assertThat(row.next()).as("the lease of %s", plan.product()).isTrue();
        return row.getTimestamp(1);
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
