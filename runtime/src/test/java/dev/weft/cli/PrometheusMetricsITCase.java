package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.crash.WeftProcess;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code weft dev} serves Flink's metrics to Prometheus: while a product streams, its job (named
 * {@code weft_<domain>_<name>_v<major>}) has every metric the Grafana dashboard in deploy/ shows.
 */
class PrometheusMetricsITCase {
  private static final String JOB = "weft_crash_crash_ledger_v1";
  /** The series of deploy/grafana/weft-products.json, by their Prometheus names. */
  static final List<String> DASHBOARD_METRICS = List.of(
      "flink_taskmanager_job_task_operator_numRecordsOut",
      "flink_taskmanager_job_task_operator_weftRecordsValid",
      "flink_taskmanager_job_task_operator_weftRecordsRejected",
      "flink_taskmanager_job_task_operator_pendingRecords",
      "flink_taskmanager_job_task_operator_elapsedSecondsSinceLastSuccessfulCommit",
      "flink_jobmanager_job_lastCheckpointDuration",
      "flink_jobmanager_job_lastCheckpointSize",
      "flink_jobmanager_job_numRestarts");
  private static final Pattern SERIES = Pattern.compile("^(\\w+)\\{[^}]*job_name=\"" + JOB + "\"", Pattern.MULTILINE);

  @Test
  void aProductsJobHasEveryMetricOfTheDashboard() throws Exception {
    Path dir = Files.createTempDirectory("weft-prometheus-");
    Path specs = Files.createDirectories(dir.resolve("specs"));
    try (InputStream in = getClass().getResourceAsStream("/specs/crash/crash-ledger.yaml")) {
      Files.write(specs.resolve("crash-ledger.yaml"), in.readAllBytes());
    }
    int port;
    try (ServerSocket free = new ServerSocket(0)) {
      port = free.getLocalPort();
    }
    WeftProcess dev = WeftProcess.start(dir, dir.resolve("dev.log"), List.of("products are running"), List.of("dev", specs.toString(),
        "--work-dir", dir.resolve("work").toString(), "--catalog-port", "0", "--checkpoint-interval", "1s", "--records", "100",
        "--prometheus-port", String.valueOf(port)));
    try {
      assertThat(dev.awaitOutput("products are running", Duration.ofSeconds(120))).as("weft dev starts (see %s)", dir.resolve("dev.log")).isTrue();
      HttpClient http = HttpClient.newHttpClient();
      Set<String> found = new TreeSet<>();
      String scrape = "";
      // the committer's gauge comes with the first checkpoint's table commit, the checkpoint metrics after it
      for (long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); System.nanoTime() < deadline
          && !found.containsAll(DASHBOARD_METRICS); Thread.sleep(500)) {
        scrape = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
            HttpResponse.BodyHandlers.ofString()).body();
        Matcher series = SERIES.matcher(scrape);
        while (series.find()) {
          found.add(series.group(1));
        }
      }
      Files.writeString(dir.resolve("metrics.txt"), scrape);
      assertThat(found).as("metrics of job %s (last scrape in %s)", JOB, dir.resolve("metrics.txt")).containsAll(DASHBOARD_METRICS);
    } finally {
      dev.stop(Duration.ofSeconds(60));
    }
  }
}
