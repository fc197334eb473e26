package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * A Flink cluster runs product jobs with only Flink, the connectors and the jobs module on its class
 * path (deploy/flink/cluster.sh, the Kubernetes image). A MiniCluster shares Weft's class path and
 * hides a class of the runtime module that slips into a job graph; this deserializes each example
 * product's job graph in a class loader holding only the cluster's class path, so none can.
 */
class JobGraphClassesTest {
  private static final Path JOBS_TARGET = Path.of("../jobs/target");

  @Test
  void everyExampleJobGraphDeserializesWithTheClusterClassPathAlone() throws Exception {
    ProductSet set = ProductSet.compile(List.of(Path.of("../product-specs")));
    assertThat(set.plans()).hasSizeGreaterThanOrEqualTo(4);
    try (URLClassLoader cluster = clusterClassLoader()) {
      var check = cluster.loadClass("dev.weft.jobs.JobGraphClasses").getMethod("missing", byte[].class);
      List<String> missing = new ArrayList<>();
      for (ProductPlan plan : set.plans()) {
        byte[] graph = InstantiationUtil.serializeObject(PlanCommand.flinkGraph(plan).getJobGraph());
        @SuppressWarnings("unchecked")
        List<String> found = (List<String>) check.invoke(null, (Object) graph);
        found.forEach(line -> missing.add(plan.product() + ": " + line));
      }
      assertThat(missing).isEmpty();
    }
  }

  @Test
  void theClusterClassPathHoldsNoRuntimeClass() throws Exception {
    try (URLClassLoader cluster = clusterClassLoader()) {
      assertThat(cluster.getResource("dev/weft/translate/FlinkJobBuilder.class")).isNull();
      assertThat(cluster.getResource("dev/weft/jobs/sink/ProductKey.class")).isNotNull();
    }
  }

  /** The jobs module, its runtime dependencies (jobs/target/jobs.classpath) and the checker; nothing of Weft's JVM. */
  private static URLClassLoader clusterClassLoader() throws IOException {
    List<URL> urls = new ArrayList<>();
    urls.add(JOBS_TARGET.resolve("classes").toUri().toURL());
    urls.add(JOBS_TARGET.resolve("test-classes").toUri().toURL());
    for (String entry : Files.readString(JOBS_TARGET.resolve("jobs.classpath")).trim().split(java.io.File.pathSeparator)) {
      urls.add(Path.of(entry).toUri().toURL());
    }
    return new URLClassLoader("cluster", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
  }
}
