package dev.weft.catalog.runs;

import dev.weft.catalog.health.Instants;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of a product's scheduled work as the runtime reports it: a batch run, a backfill window
 * or a table maintenance task.
 *
 * @param task {@code batch-run}, {@code backfill}, {@code compact}, {@code expire-snapshots} …
 * @param attempt 1 for a scheduled run, 2 and up for its retries
 * @param status {@code succeeded} or {@code failed}
 * @param rows rows a batch run wrote, if it is one
 * @param liveFilesBefore data and delete files of the table before a maintenance run, if it is one
 * @param message why it failed
 */
public record ProductRun(
    String task, Integer attempt, String startedAt, String endedAt, String status,
    Long rows, Long liveFilesBefore, Long liveFilesAfter, String message) {

  public static final List<String> STATUSES = List.of("succeeded", "failed");

  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (task == null || task.isBlank()) {
      problems.add("task: missing");
    } else if (!task.matches("[a-z][a-z-]*")) {
      problems.add("task: must be lower-case letters and '-', such as batch-run or compact, was '" + task + "'");
    }
    if (attempt == null) {
      problems.add("attempt: missing");
    } else if (attempt < 1) {
      problems.add("attempt: must be at least 1, was " + attempt);
    }
    Instant started = instant(problems, "startedAt", startedAt);
    Instant ended = instant(problems, "endedAt", endedAt);
    if (started != null && ended != null && ended.isBefore(started)) {
      problems.add("endedAt: must not be before startedAt");
    }
    if (status == null) {
      problems.add("status: missing");
    } else if (!STATUSES.contains(status)) {
      problems.add("status: must be one of succeeded, failed, was '" + status + "'");
    }
    notNegative(problems, "rows", rows);
    notNegative(problems, "liveFilesBefore", liveFilesBefore);
    notNegative(problems, "liveFilesAfter", liveFilesAfter);
    return problems;
  }

  private static Instant instant(List<String> problems, String field, String value) {
    if (value == null) {
      problems.add(field + ": missing");
      return null;
    }
    Instant parsed = Instants.parseOrNull(value);
    if (parsed == null) {
      problems.add(field + ": must be an ISO-8601 instant such as 2026-12-01T10:00:00Z, was '" + value + "'");
    }
    return parsed;
  }

  private static void notNegative(List<String> problems, String field, Long value) {
    if (value != null && value < 0) {
      problems.add(field + ": must not be negative, was " + value);
    }
  }
}
