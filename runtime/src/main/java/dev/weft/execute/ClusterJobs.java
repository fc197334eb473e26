package dev.weft.execute;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

/** Asks a Flink cluster's REST API whether a job still runs (GET /jobs/:jobid/status). */
final class ClusterJobs {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterJobs.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  /** True while the job is not finished, cancelled or failed for good; empty when the cluster does not answer. */
  Optional<Boolean> running(URI restUrl, JobID job) {
    try {
      // the job's status as the dispatcher has it now (GET /jobs/:jobid answers from a cache up to web.refresh-interval old)
      HttpRequest request = HttpRequest.newBuilder(restUrl.resolve("/jobs/" + job.toHexString() + "/status")).timeout(TIMEOUT).GET().build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() == 404) {
        return Optional.of(false); // the cluster does not know it: gone, or the cluster was replaced
      }
      if (response.statusCode() != 200) {
        LOG.warn("Flink cluster {} answered {} about job {}; its writer lease stands until it expires", restUrl, response.statusCode(), job);
        return Optional.empty();
      }
      JsonNode state = JSON.readTree(response.body()).path("status");
      return Optional.of(!JobStatus.valueOf(state.asText()).isGloballyTerminalState());
    } catch (IOException | IllegalArgumentException e) {
      LOG.warn("Flink cluster {} gave no state of job {} ({}); its writer lease stands until it expires", restUrl, job, e.toString());
      return Optional.empty();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
