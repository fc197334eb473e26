package dev.weft.execute;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.api.common.JobStatus;

/**
 * A product job's restarts as its cluster knows them.
 *
 * @param count restarts since the job was submitted
 * @param status RESTARTING while it waits out its pause
 * @param lastFailure the exception type and message of the last failure
 * @param failedAt when it last failed
 * @param lastPause how long the last restart paused before the job ran again (the restart
 *     strategy's current backoff, as applied)
 */
public record JobRestarts(int count, JobStatus status, Optional<String> lastFailure, Optional<Instant> failedAt,
    Optional<Duration> lastPause) {

  /** One line for operators: "restart 2 after 412 ms: java.lang.IllegalStateException: catalog down". */
  public String describe() {
    return "restart " + count + (status == JobStatus.RESTARTING ? " pending" : lastPause.map(p -> " after " + p.toMillis() + " ms").orElse(""))
        + lastFailure.map(f -> ": " + f).orElse("");
  }
}
