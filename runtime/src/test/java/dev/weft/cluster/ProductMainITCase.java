package dev.weft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dev.DevStack;
import dev.weft.execute.ProductJobs;
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
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.junit.jupiter.api.Test;

/**
 * A product's job built inside the cluster, as the Kubernetes resources run it: Flink's application
 * mode entry point (a JobManager JVM) runs {@code dev.weft.jobs.ProductMain --plan plan.json} on the
 * class path the Weft Flink image has in lib/, with a TaskManager JVM beside it; the plan is what
 * {@code weft plan --json} printed, and the cluster's configuration says where Kafka and the catalog
 * are (embedded in this JVM).
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
      try (SessionCluster application = SessionCluster.application(work.resolve("flink"), planFile, 1, cluster)) {
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
    }
  }
}
