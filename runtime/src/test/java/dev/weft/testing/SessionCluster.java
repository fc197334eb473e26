package dev.weft.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
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
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;

/**
 * A Flink session cluster of separate JVMs, started by {@code deploy/flink/cluster.sh} as a user
 * starts it (offline Maven: the test's reactor build made the jobs jar it puts on the class path).
 */
public final class SessionCluster implements AutoCloseable {
  private static final Path SCRIPT = Path.of("../deploy/flink/cluster.sh").toAbsolutePath().normalize();
  private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path dir;
  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  private SessionCluster(Path dir, String url) {
    this.dir = dir;
    this.url = url;
  }

  /** A JobManager and {@code taskManagers} TaskManagers on free ports, with their files under {@code dir}. */
  public static SessionCluster start(Path dir, int taskManagers) throws Exception {
    return new SessionCluster(dir, url(started(dir, "start", "--taskmanagers", Integer.toString(taskManagers), "--port",
        Integer.toString(freePort()), "--dir", dir.toString())));
  }

  /**
   * One product's job in application mode, as the Weft Flink image runs it ({@code cluster.sh
   * application}): a JobManager that runs {@code dev.weft.jobs.ProductMain --plan plan}, with
   * {@code options} (Flink's and weft.*) in its configuration, and {@code taskManagers} TaskManagers.
   */
  public static SessionCluster application(Path dir, Path plan, int taskManagers, java.util.Map<String, String> options) throws Exception {
    List<String> args = new ArrayList<>(List.of("application", "--plan", plan.toString(), "--taskmanagers", Integer.toString(taskManagers),
        "--port", Integer.toString(freePort()), "--dir", dir.toString()));
    options.forEach((key, value) -> args.addAll(List.of("-D", key + "=" + value)));
    return new SessionCluster(dir, url(started(dir, args.toArray(String[]::new))));
  }

  /** Runs a start; one that fails stops what it started, which no test holds a handle to. */
  private static String started(Path dir, String... args) throws Exception {
    try {
      return script(dir, args);
    } catch (Exception e) {
      try {
        script(dir, "stop", "--dir", dir.toString());
      } catch (Exception stop) {
        e.addSuppressed(stop);
      }
      throw e;
    }
  }

  private static String url(String out) {
    // the script's stdout and stderr share the file: the URL may follow what Maven left on a line
    var urls = java.util.regex.Pattern.compile("http://127\\.0\\.0\\.1:\\d+").matcher(out);
    String url = null;
    while (urls.find()) {
      url = urls.group();
    }
    if (url == null) {
      throw new IllegalStateException("cluster.sh printed no URL:\n" + out);
    }
    return url;
  }

  private static String script(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().put("WEFT_MVN_FLAGS", "-o");
    builder.environment().put("FLINK_RPC_PORT", Integer.toString(freePort()));
    builder.environment().put("FLINK_TM_MEMORY", "1280m");
    Files.createDirectories(dir);
    Path log = dir.resolve("cluster.sh.out");
    Process process = builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
    if (!process.waitFor(SCRIPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " did not end within " + SCRIPT_TIMEOUT);
    }
    String out = Files.readString(log);
    if (process.exitValue() != 0) {
      throw new IllegalStateException("cluster.sh " + String.join(" ", args) + " failed:\n" + out);
    }
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  public String url() {
    return url;
  }

  /** One more TaskManager; returns when it has registered. */
  public void addTaskManager() throws Exception {
    script(dir, "taskmanager", "--dir", dir.toString());
  }

  /** The names (resource ids) of the TaskManagers that run a task of the job. */
  public List<String> taskManagersOf(JobID job) throws Exception {
    List<String> names = new ArrayList<>();
    for (JsonNode vertex : get("/jobs/" + job).get("vertices")) {
      for (JsonNode tm : get("/jobs/" + job + "/vertices/" + vertex.get("id").asText() + "/taskmanagers").get("taskmanagers")) {
        String name = tm.get("taskmanager-id").asText();
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  /** SIGKILL to a TaskManager's JVM: nothing in it gets to clean up. */
  public void killNine(String taskManager) throws Exception {
    long pid = Long.parseLong(Files.readString(dir.resolve(taskManager + ".pid")).trim());
    ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new IllegalStateException(taskManager + " (pid " + pid + ") is not running"));
    process.destroyForcibly();
    process.onExit().get(30, TimeUnit.SECONDS);
  }

  /** The TaskManagers the JobManager counts as registered. */
  public int registeredTaskManagers() throws Exception {
    return get("/overview").get("taskmanagers").asInt();
  }

  /** The names of the jobs the cluster has run or runs. */
  public List<String> jobNames() throws Exception {
    List<String> names = new ArrayList<>();
    get("/jobs/overview").get("jobs").forEach(job -> names.add(job.get("name").asText()));
    return names;
  }

  public JsonNode get(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url + path)).build(),
        HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    return JSON.readTree(response.body());
  }

  @Override
  public void close() throws Exception {
    script(dir, "stop", "--dir", dir.toString());
  }
}
