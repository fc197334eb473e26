package dev.weft.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.dev.DevStack;
import dev.weft.execute.FlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.RemoteFlinkCluster;
import dev.weft.execute.RunningProduct;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.SpecLoader;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * Many products on one session cluster vs one: the end-to-end product of {@link EndToEndBenchmark}
 * ({@code bench-orders.yaml}: JSON in, topic + table out, exactly-once, 2 s checkpoints), each copy
 * its own product and job reading the same input at parallelism 1.
 *
 * <ul>
 *   <li>Throughput: one product run until idle over the input, then {@code products} products at
 *       once; the aggregate rate ({@code products × records} over the time until the last one is
 *       done) against the one product's rate.
 *   <li>Heap: the TaskManagers' heap used ({@code Status.JVM.Memory.Heap.Used} over REST, right
 *       after a full GC that {@code jcmd GC.run} asks each TaskManager JVM for) with no product,
 *       with one product streaming and caught up, and with {@code products} products streaming and
 *       caught up; per product is the growth over no product, divided by the products.
 * </ul>
 *
 * <p>Run with {@code benchmarks/run-many-products.sh [records] [products] [rounds]}, which starts
 * the cluster (one TaskManager with a slot per product) and passes its URL and folder.
 */
public final class ManyProductsBenchmark {
  private static final String INPUT = "bench.orders";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  public static void main(String[] args) throws Exception {
    String url = args[0];
    Path clusterDir = Path.of(args[1]);
    long records = args.length > 2 ? Long.parseLong(args[2]) : 300_000;
    int products = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    int rounds = args.length > 4 ? Integer.parseInt(args[4]) : 1;
    Configuration options = new Configuration();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-many-").toString());
    Configuration onCluster = new Configuration(options);
    onCluster.set(WeftOptions.FLINK_URL, url);
    try (DevStack stack = DevStack.start(options); FlinkCluster session = FlinkCluster.open(onCluster)) {
      stack.runner().admin().createTopics(List.of(new NewTopic(INPUT, 2, (short) 1))).all().get();
      BenchmarkData.produce(stack.kafka().clientProperties(), INPUT, records);
      try (ProductRunner runner = new ProductRunner(session, stack.kafka().clientProperties(), stack.catalog(), options)) {
        double bestOne = 0;
        double bestMany = 0;
        for (int round = 1; round <= rounds; round++) {
          double one = records / drain(runner, plans("one-r" + round, 1));
          double many = products * records / drain(runner, plans("many-r" + round, products));
          System.out.printf(Locale.ROOT, "round %d: 1 product %,.0f records/s, %d products %,.0f records/s together (ratio %.2f)%n",
              round, one, products, many, many / one);
          bestOne = Math.max(bestOne, one);
          bestMany = Math.max(bestMany, many);
        }
        long before = heapUsedAfterGc(url, clusterDir);
        long withOne = heapWhileStreaming(runner, (RemoteFlinkCluster) session, plans("heap-one", 1), url, clusterDir);
        long withMany = heapWhileStreaming(runner, (RemoteFlinkCluster) session, plans("heap-many", products), url, clusterDir);
        // no product: the lower of before and after, as a finished job's classes may outlive it for a while
        long none = Math.min(before, heapUsedAfterGc(url, clusterDir));
        System.out.printf(Locale.ROOT, "heap used after GC: no product %,d MiB, 1 product %,d MiB, %d products %,d MiB%n",
            none >> 20, withOne >> 20, products, withMany >> 20);
        System.out.printf(Locale.ROOT, "RESULT best of %d: 1 product %,.0f records/s, %d products %,.0f records/s together, ratio %.2f (target >= 0.8); "
            + "heap per product %.1f MiB with 1, %.1f MiB with %d (target <= 50 MB)%n",
            rounds, bestOne, products, bestMany, bestMany / bestOne, (withOne - none) / 1048576.0,
            (withMany - none) / 1048576.0 / products, products);
      }
    }
    System.exit(0);
  }

  /** {@code count} copies of the benchmark product, each its own product (own topic, table and job). */
  private static List<ProductPlan> plans(String prefix, int count) throws Exception {
    String text;
    try (InputStream in = ManyProductsBenchmark.class.getResourceAsStream("/bench-orders.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    List<ProductPlan> plans = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      var spec = SpecLoader.load("bench-orders.yaml", text.replace("name: bench-orders", "name: bench-orders-" + prefix + "-" + i));
      plans.add(new ProductCompiler(ref -> Optional.empty()).compile(spec));
    }
    return plans;
  }

  /** Seconds from starting all products until idle to the end of the last one. */
  private static double drain(ProductRunner runner, List<ProductPlan> plans) throws Exception {
    runner.provision(plans);
    long start = System.nanoTime();
    List<RunningProduct> running = new ArrayList<>();
    for (ProductPlan plan : plans) {
      running.add(runner.start(plan, true, Optional.empty()));
    }
    for (RunningProduct product : running) {
      product.awaitFinished(Duration.ofMinutes(30));
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** The TaskManagers' heap used after a GC while the products stream, once each has read all of its input. */
  private static long heapWhileStreaming(ProductRunner runner, RemoteFlinkCluster cluster, List<ProductPlan> plans, String url, Path clusterDir)
      throws Exception {
    runner.provision(plans);
    List<RunningProduct> running = new ArrayList<>();
    for (ProductPlan plan : plans) {
      running.add(runner.start(plan, false, Optional.empty()));
    }
    try {
      for (RunningProduct product : running) {
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos(); // a source that never reports pendingRecords: measured anyway
        while (cluster.pendingRecords(product.jobId()).orElse(1) > 0 && System.nanoTime() < deadline) {
          Thread.sleep(2_000);
        }
      }
      return heapUsedAfterGc(url, clusterDir);
    } finally {
      for (RunningProduct product : running) {
        product.cancel();
      }
    }
  }

  /**
   * The heap used of every TaskManager, summed, right after a full GC in each. The JobManager
   * fetches metrics at most every 10 s ({@code metrics.fetcher.update-interval}) and only when
   * asked: wait that out, collect, ask once to start a fetch, and read what it fetched.
   */
  private static long heapUsedAfterGc(String url, Path clusterDir) throws Exception {
    Thread.sleep(10_500);
    try (var pids = Files.list(clusterDir)) {
      for (Path pid : pids.filter(p -> p.getFileName().toString().matches("taskmanager-\\d+\\.pid")).toList()) {
        String id = Files.readString(pid).trim();
        if (ProcessHandle.of(Long.parseLong(id)).isEmpty()) {
          continue; // a TaskManager that was stopped: its pid file stays
        }
        Process gc = new ProcessBuilder("jcmd", id, "GC.run").redirectErrorStream(true).start();
        String said = new String(gc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (gc.waitFor() != 0 || !said.contains("Command executed successfully")) {
          System.out.println("jcmd " + id + " GC.run failed, the heap is read without a GC: " + said.strip());
        }
      }
    }
    heapUsed(url);
    // the lowest of three fetches over 3 s: a reading the fetcher had not refreshed yet is higher
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      Thread.sleep(1_000);
      lowest = Math.min(lowest, heapUsed(url));
    }
    return lowest;
  }

  private static long heapUsed(String url) throws Exception {
    long used = 0;
    for (JsonNode tm : get(url + "/taskmanagers").get("taskmanagers")) {
      JsonNode metrics = get(url + "/taskmanagers/" + tm.get("id").asText() + "/metrics?get=Status.JVM.Memory.Heap.Used");
      for (JsonNode metric : metrics) {
        used += Long.parseLong(metric.get("value").asText());
      }
    }
    return used;
  }

  private static JsonNode get(String url) throws Exception {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(response.body());
  }
}
