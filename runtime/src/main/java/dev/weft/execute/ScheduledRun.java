package dev.weft.execute;

import dev.weft.maintain.TableFiles;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One run of a scheduled task, as the run history keeps it.
 *
 * @param product {@code domain.name@major}: each major of a product has its own table, schedule and runs
 * @param attempt 1 for the scheduled run, 2 and up for its retries
 * @param before the table's files before the run; empty when it failed before looking
 * @param rows rows a batch run wrote to the table
 * @param message why it failed; empty when it succeeded
 */
public record ScheduledRun(
    String product, String task, int attempt, Instant startedAt, Instant endedAt, Status status,
    Optional<TableFiles> before, Optional<TableFiles> after, OptionalLong rows, Optional<String> message) {

  public enum Status { SUCCEEDED, FAILED }
}
