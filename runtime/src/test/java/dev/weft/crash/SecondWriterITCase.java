package dev.weft.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.weft.execute.LeaseHolder;
import dev.weft.execute.ProductAlreadyRunningException;
import dev.weft.execute.WriterLease;
import dev.weft.execute.WriterLeases;
import java.net.InetSocketAddress;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.api.common.JobID;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One writer per product: a second {@code weft run} of a product that already runs (another JVM,
 * another work dir) is refused, naming where it runs; once that holder is killed with SIGKILL, the
 * next run starts at once, without a cleanup and without waiting for the holder's lease to expire.
 */
class SecondWriterITCase {
  private static final String RUNNING = "products are running";
  private static final String REFUSED = "is already running";
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  @Test
  void aSecondRunIsRefusedWithWhereTheFirstRunsAndAKilledHolderIsTakenOverAtOnce() throws Exception {
    Path dir = Files.createTempDirectory("weft-second-writer-");
    Path spec = CrashMatrixITCase.writeSpecs(dir, "crash-ledger").get(0);
    new Topics(STACK.stack().kafka().clientProperties()).create(AccountChanges.TOPIC, AccountChanges.PARTITIONS);

    WeftProcess first = WeftProcess.start(dir, dir.resolve("first.log"), List.of(RUNNING), run(spec, dir.resolve("work-first")));
    WeftProcess second = null;
    WeftProcess third = null;
    try {
      assertThat(first.awaitOutput(RUNNING, START_TIMEOUT)).as("the first run starts (see %s)", dir.resolve("first.log")).isTrue();

      second = WeftProcess.start(dir, dir.resolve("second.log"), List.of(RUNNING, REFUSED), run(spec, dir.resolve("work-second")));
      assertThat(second.awaitExit(START_TIMEOUT)).as("the second run's exit code (see %s)", dir.resolve("second.log")).isEqualTo(1);
      String refusal = Files.readAllLines(dir.resolve("second.log")).stream().filter(l -> l.contains(REFUSED)).findFirst().orElse("");
      assertThat(refusal).matches("product crash\\.crash-ledger@1 is already running as Flink job [0-9a-f]{32} in the weft process "
          + first.pid() + " on " + java.util.regex.Pattern.quote(LeaseHolder.thisHost())
          + "; stop it there first \\(a second writer would abort its Kafka transactions and lose records from the topic\\)");

      first.kill();
      // the lease's heartbeat is still fresh: only seeing that its process is gone lets this run start
      third = WeftProcess.start(dir, dir.resolve("third.log"), List.of(RUNNING, REFUSED), run(spec, dir.resolve("work-first")));
      assertThat(third.awaitOutput(RUNNING, START_TIMEOUT)).as("the run after the kill starts (see %s)", dir.resolve("third.log")).isTrue();
    } finally {
      for (WeftProcess process : new WeftProcess[] {first, second, third}) {
        if (process != null && process.isAlive()) {
          process.kill();
        }
      }
    }
  }

  /**
   * Holders whose process cannot be looked up here: one on another host keeps its lease while it
   * renews it; a cluster job while its cluster says it runs, or, when the cluster does not answer,
   * while it was renewed within the expiry.
   */
  @Test
  void holdersElsewhereKeepTheLeaseWhileTheyRunOrRenewIt() throws Exception {
    JobID job = JobID.fromHexString("0123456789abcdef0123456789abcdef");
    String product = "leases.elsewhere@1";
    try (WriterLeases here = new WriterLeases(STACK.stack().catalog(), Duration.ofMinutes(1));
        WriterLeases otherHost = new WriterLeases(STACK.stack().catalog(), Duration.ofMinutes(1))) {
      otherHost.acquire(product, new LeaseHolder("run-a", "other-host", OptionalLong.of(4242), OptionalLong.empty(), job, Optional.empty()));
      assertThatThrownBy(() -> here.acquire(product, LeaseHolder.local(new JobID())))
          .isInstanceOf(ProductAlreadyRunningException.class)
          .hasMessage("product leases.elsewhere@1 is already running as Flink job 0123456789abcdef0123456789abcdef in the weft process 4242 "
              + "on other-host; stop it there first (a second writer would abort its Kafka transactions and lose records from the topic)");
      silence(product);
      WriterLease taken = here.acquire(product, LeaseHolder.local(new JobID()));
      here.release(taken);

      HttpServer flink = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      AtomicReference<String> state = new AtomicReference<>("RUNNING");
      flink.createContext("/jobs/", exchange -> {
        // what Flink's GET /jobs/:jobid/status answers
        byte[] body = ("{\"status\":\"" + state.get() + "\"}").getBytes(UTF_8);
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      flink.start();
      try {
        URI url = URI.create("http://127.0.0.1:" + flink.getAddress().getPort());
        // weft deploy: the lease stays with the job when the deploying process ends
        try (WriterLeases deploy = new WriterLeases(STACK.stack().catalog(), Duration.ofMinutes(1))) {
          deploy.handOver(deploy.acquire(product, LeaseHolder.clusterJob(job, url)));
        }
        silence(product); // a deployed job renews nothing: its cluster's word counts
        assertThatThrownBy(() -> here.acquire(product, LeaseHolder.local(new JobID())))
            .hasMessageStartingWith("product leases.elsewhere@1 is already running as Flink job 0123456789abcdef0123456789abcdef on the Flink cluster "
                + url + ";");
        state.set("CANCELED");
        here.release(here.acquire(product, LeaseHolder.local(new JobID())));

        otherHost.acquire(product, LeaseHolder.clusterJob(job, URI.create("http://127.0.0.1:1")));
        assertThatThrownBy(() -> here.acquire(product, LeaseHolder.local(new JobID())))
            .as("a cluster that does not answer, renewed within the expiry").isInstanceOf(ProductAlreadyRunningException.class);
        silence(product);
        here.acquire(product, LeaseHolder.local(new JobID()));
      } finally {
        flink.stop(0);
      }
    }
  }

  /** As if the holder had not renewed its lease for two minutes. */
  private static void silence(String product) throws Exception {
    var catalog = STACK.stack().catalog();
    try (Connection connection = DriverManager.getConnection(catalog.jdbcUrl(), catalog.user(), catalog.password());
        PreparedStatement update = connection.prepareStatement(
            "UPDATE weft_writer_leases SET heartbeat_at = LOCALTIMESTAMP - INTERVAL '2 minutes' WHERE product = ?")) {
      update.setString(1, product);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
  }

  private static List<String> run(Path spec, Path workDir) {
    return new ArrayList<>(List.of(STACK.withServiceFlags("run", spec.toString(), "--work-dir", workDir.toString())));
  }
}
