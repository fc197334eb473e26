package dev.weft.benchmarks;

import dev.weft.plan.ProductCompiler;
import dev.weft.plan.ProductPlan;
import dev.weft.dev.DevStack;
import dev.weft.execute.FlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.SpecLoader;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * The end-to-end product of {@link EndToEndBenchmark} (JSON records, Kafka in, Kafka + Iceberg out,
 * exactly-once, 2 s checkpoints, run until idle) on the MiniCluster in this JVM and on a Flink
 * session cluster ({@code deploy/flink/cluster.sh}), over the same input in the same embedded Kafka;
 * on the session cluster at parallelism 1 and 2. Rounds alternate; the best round of each counts.
 *
 * <p>Run with {@code benchmarks/run-cluster.sh URL [records] [rounds]}.
 */
public final class ClusterBenchmark {
  private static final String INPUT = "bench.orders";

  public static void main(String[] args) throws Exception {
    String url = args[0];
    long records = args.length > 1 ? Long.parseLong(args[1]) : 1_000_000;
    int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 2;
    Configuration options = new Configuration();
    options.set(WeftOptions.CHECKPOINT_INTERVAL, Duration.ofSeconds(2));
    options.set(WeftOptions.WORK_DIR, Files.createTempDirectory("weft-bench-cluster-").toString());
    try (DevStack stack = DevStack.start(options); FlinkCluster session = FlinkCluster.open(withUrl(options, url))) {
      // two partitions, so parallelism 2 has a split per source subtask
      stack.runner().admin().createTopics(List.of(new NewTopic(INPUT, 2, (short) 1))).all().get();
      BenchmarkData.produce(stack.kafka().clientProperties(), INPUT, records);
      double bestMini = 0;
      double bestSession = 0;
      double bestSessionTwo = 0;
      for (int round = 1; round <= rounds; round++) {
        double mini = records / run(stack, stack.flink(), options, "mini-r" + round, 1);
        double one = records / run(stack, session, options, "session-r" + round, 1);
        double two = records / run(stack, session, options, "session2-r" + round, 2);
        System.out.printf(Locale.ROOT, "round %d: MiniCluster %,.0f records/s, session cluster p1 %,.0f records/s (ratio %.2f), p2 %,.0f records/s (p2/p1 %.2f)%n",
            round, mini, one, one / mini, two, two / one);
        bestMini = Math.max(bestMini, mini);
        bestSession = Math.max(bestSession, one);
        bestSessionTwo = Math.max(bestSessionTwo, two);
      }
      System.out.printf(Locale.ROOT, "RESULT best of %d: MiniCluster %,.0f records/s, session cluster %,.0f records/s, ratio %.2f; "
          + "session cluster parallelism 2 %,.0f records/s, p2/p1 %.2f%n",
          rounds, bestMini, bestSession, bestSession / bestMini, bestSessionTwo, bestSessionTwo / bestSession);
    }
    System.exit(0);
  }

  private static Configuration withUrl(Configuration options, String url) {
    Configuration copy = new Configuration(options);
    copy.set(WeftOptions.FLINK_URL, url);
    return copy;
  }

  /** Seconds from the product's start to the end of its run until idle. */
  private static double run(DevStack stack, FlinkCluster cluster, Configuration options, String name, int parallelism) throws Exception {
    String text;
    try (InputStream in = ClusterBenchmark.class.getResourceAsStream("/bench-orders.yaml")) {
      text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    var spec = SpecLoader.load("bench-orders.yaml", text.replace("name: bench-orders", "name: bench-orders-" + name));
    ProductPlan plan = new ProductCompiler(ref -> Optional.empty()).compile(spec);
    Configuration runOptions = new Configuration(options);
    runOptions.set(WeftOptions.PARALLELISM, parallelism);
    try (ProductRunner runner = new ProductRunner(cluster, stack.kafka().clientProperties(), stack.catalog(), runOptions)) {
      long start = System.nanoTime();
      runner.start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(30));
      return (System.nanoTime() - start) / 1e9;
    }
  }
}
