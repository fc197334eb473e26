package dev.weft.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code dev.weft.jobs.ProductMain --plan plan.json}: runs one product's job inside a Flink cluster
 * (application mode, or a jar run on a session cluster), built there from the plan that
 * {@code weft plan --json} wrote. The plan keeps secrets as references; the cluster's
 * configuration says where Kafka and the catalog are. Every check before a start (policies,
 * compatibility, topics, leases) is {@code weft deploy}'s, before the plan reaches the cluster.
 */
public final class ProductMain {
  static final String USAGE = "usage: dev.weft.jobs.ProductMain --plan PLAN.json (a plan written by weft plan --json)";

  private ProductMain() {}

  public static void main(String[] args) throws Exception {
    Path planFile = planFile(args);
    String json;
    try {
      json = Files.readString(planFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the plan " + planFile.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    String jobName;
    try {
      jobName = translator().translate(json, env);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("plan " + planFile.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    env.execute(jobName);
  }

  static Path planFile(String[] args) {
    if (args.length != 2 || !args[0].equals("--plan")) {
      throw new IllegalArgumentException(USAGE + "; given: " + String.join(" ", args));
    }
    return Path.of(args[1]);
  }

  /** The runtime's translator: exactly one must be on the class path (the Weft Flink image puts weft-runtime in lib/). */
  static PlanTranslator translator() {
    List<PlanTranslator> found = ServiceLoader.load(PlanTranslator.class).stream().map(ServiceLoader.Provider::get).toList();
    if (found.size() != 1) {
      throw new IllegalStateException("ProductMain needs exactly one " + PlanTranslator.class.getName() + " on the class path, found "
          + found.size() + ": put weft-runtime.jar and its jars in Flink's lib/, as the Dockerfile that weft deploy --target kubernetes writes does");
    }
    return found.get(0);
  }
}
