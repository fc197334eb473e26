package dev.weft.jobs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptionsInternal;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code dev.weft.jobs.ProductMain --plan plan.json}: runs one product's job inside a Flink cluster
 * (application mode, or a jar run on a session cluster), built there from the plan that
 * {@code weft plan --json} wrote. The plan keeps secrets as references; the cluster's
 * configuration says where Kafka and the catalog are. Every check before a start (policies,
 * compatibility, topics) is {@code weft deploy}'s, before the plan reaches the cluster; the
 * product's writer lease is this job's own: taken here before the job starts and held, renewed from
 * the JobManager, for as long as it runs (a second writer anywhere is refused, as a {@code weft run} is).
 */
public final class ProductMain {
  static final String USAGE = "usage: dev.weft.jobs.ProductMain --plan PLAN.json (a plan written by weft plan --json)";

  private ProductMain() {}

  public static void main(String[] args) throws Exception {
    run(planFile(args), StreamExecutionEnvironment.getExecutionEnvironment());
  }

  /** Runs the plan's job on {@code env}'s cluster, holding the product's writer lease while it runs. */
  public static void run(Path planFile, StreamExecutionEnvironment env) throws Exception {
    String json;
    try {
      json = Files.readString(planFile);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the plan " + planFile.toAbsolutePath() + ": " + e.getMessage(), e);
    }
    PlanTranslator translator = translator();
    JobID job = fixJobId(env);
    AutoCloseable lease = translator.holdWriterLease(json, job, env.getConfiguration());
    try {
      String jobName;
      try {
        jobName = translator.translate(json, env);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("plan " + planFile.toAbsolutePath() + ": " + e.getMessage(), e);
      }
      holdWhileRunning(env.executeAsync(jobName), lease);
    } catch (Throwable notStarted) {
      lease.close();
      throw notStarted;
    }
  }

  /**
   * The job's id, known before it is submitted so that its lease names it: the one application mode
   * fixes with Kubernetes HA (the same after a JobManager failover), else a new one, fixed here.
   */
  static JobID fixJobId(StreamExecutionEnvironment env) {
    return env.getConfiguration().getOptional(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID).map(JobID::fromHexString).orElseGet(() -> {
      JobID job = new JobID();
      Configuration fixed = new Configuration();
      fixed.set(PipelineOptionsInternal.PIPELINE_FIXED_JOB_ID, job.toHexString());
      env.configure(fixed);
      return job;
    });
  }

  /**
   * Keeps the lease until the job has ended, on a thread of its own: this main returns once the job
   * is submitted, as Flink expects of it both in application mode and for a jar run over REST on a
   * session cluster (a FlinkSessionJob, whose call waits for this main). The JobManager's process
   * runs the thread on; if it stops, the lease is no longer renewed and expires.
   */
  private static void holdWhileRunning(JobClient client, AutoCloseable lease) {
    Thread holder = new Thread(() -> {
      try (lease) {
        awaitEnd(client);
      } catch (Exception e) {
        // the lease is given up, or expires when it could not be
      }
    }, "weft-writer-lease-" + client.getJobID());
    holder.setDaemon(true); // a JobManager that shuts down does not wait for it
    holder.start();
  }

  private static void awaitEnd(JobClient client) throws InterruptedException {
    while (true) {
      JobStatus status;
      try {
        status = client.getJobStatus().get();
      } catch (ExecutionException gone) {
        return; // the cluster no longer knows it (it is shutting down)
      }
      if (status.isGloballyTerminalState()) {
        return;
      }
      Thread.sleep(1000);
    }
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
