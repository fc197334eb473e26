package dev.weft.execute;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.flink.api.common.JobID;

/**
 * Who writes a product: a Flink job, and where it runs. A job on Weft's own MiniCluster is known by
 * its process (host, pid and the process's start time, so a reused pid is not mistaken for it); a
 * job on a Flink cluster by the cluster's REST URL, where anyone can ask whether it still runs.
 *
 * @param runId this holding of the lease, unique
 */
public record LeaseHolder(String runId, String host, OptionalLong pid, OptionalLong processStart, JobID job, Optional<URI> restUrl) {
  private static final String HOST = resolveHost();

  /** A job on this process's MiniCluster ({@code weft run}, {@code weft dev}). */
  public static LeaseHolder local(JobID job) {
    ProcessHandle self = ProcessHandle.current();
    return new LeaseHolder(UUID.randomUUID().toString(), HOST, OptionalLong.of(self.pid()), startOf(self), job, Optional.empty());
  }

  /** A job submitted to the Flink cluster at {@code restUrl} ({@code weft deploy --flink}, {@code weft run --flink}). */
  public static LeaseHolder clusterJob(JobID job, URI restUrl) {
    return new LeaseHolder(UUID.randomUUID().toString(), HOST, OptionalLong.empty(), OptionalLong.empty(), job, Optional.of(restUrl));
  }

  /** This machine's name, as leases record it. */
  public static String thisHost() {
    return HOST;
  }

  /** Where it runs, for the user: "Flink job … in the weft process 123 on host-a", "Flink job … on the Flink cluster http://…". */
  public String describe() {
    return "Flink job " + job + restUrl.map(url -> " on the Flink cluster " + url)
        .orElse(" in the weft process " + pid.orElse(-1) + " on " + host);
  }

  /** Whether it is a job of a process on this machine, whose presence can be looked up directly. */
  boolean onThisHost() {
    return pid.isPresent() && host.equals(HOST);
  }

  /** Whether it is a job of this very process. */
  boolean inThisProcess() {
    return onThisHost() && pid.getAsLong() == ProcessHandle.current().pid();
  }

  /** Whether its process still runs: the pid exists and was started when the holder's was (pids are reused). */
  boolean processAlive() {
    Optional<ProcessHandle> process = ProcessHandle.of(pid.orElseThrow());
    if (process.isEmpty() || !process.get().isAlive()) {
      return false;
    }
    OptionalLong started = startOf(process.get());
    return processStart.isEmpty() || started.isEmpty() || started.getAsLong() == processStart.getAsLong();
  }

  private static OptionalLong startOf(ProcessHandle process) {
    return process.info().startInstant().map(i -> OptionalLong.of(i.toEpochMilli())).orElse(OptionalLong.empty());
  }

  private static String resolveHost() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
    }
  }
}
