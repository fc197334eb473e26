package dev.weft.plan;

import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;
import org.quartz.CronExpression;

/**
 * The windows of a batch product's cron, in UTC: each run covers the time from the cron's
 * previous time to its own.
 */
public final class CronWindows {
  private final CronExpression cron;

  public CronWindows(String expression) {
    try {
      cron = new CronExpression(expression);
    } catch (ParseException e) {
      throw new IllegalArgumentException("cron '" + expression + "': " + e.getMessage(), e);
    }
    cron.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
  }

  /** The window of the run at {@code end}, a time of the cron. */
  public BatchWindow endingAt(Instant end) {
    return new BatchWindow(previous(end), end);
  }

  /** The window of the latest run due by {@code now}. */
  public BatchWindow latest(Instant now) {
    Instant end = previous(now.plusMillis(1));
    return endingAt(end);
  }

  /** The windows of every run at a cron time in {@code (from, to]}, oldest first. */
  public List<BatchWindow> between(Instant from, Instant to) {
    List<BatchWindow> windows = new ArrayList<>();
    for (Optional<Instant> at = next(from); at.isPresent() && !at.get().isAfter(to); at = next(at.get())) {
      windows.add(endingAt(at.get()));
    }
    return windows;
  }

  /** The windows that lie within {@code [from, to]}, oldest first: what a backfill of that range runs. */
  public List<BatchWindow> within(Instant from, Instant to) {
    return between(from, to).stream().filter(w -> !w.start().isBefore(from)).toList();
  }

  private Optional<Instant> next(Instant after) {
    return Optional.ofNullable(cron.getNextValidTimeAfter(Date.from(after))).map(Date::toInstant);
  }

  /** The cron's last time strictly before {@code at}; Quartz only looks forward, so step back until a time turns up. */
  private Instant previous(Instant at) {
    for (Duration back = Duration.ofMinutes(1); back.compareTo(Duration.ofDays(4 * 366)) <= 0; back = back.multipliedBy(2)) {
      Instant from = at.minus(back);
      Optional<Instant> candidate = next(from);
      if (candidate.isPresent() && candidate.get().isBefore(at)) {
        Instant last = candidate.get();
        for (Optional<Instant> later = next(last); later.isPresent() && later.get().isBefore(at); later = next(later.get())) {
          last = later.get();
        }
        return last;
      }
    }
    throw new IllegalArgumentException("cron '" + cron.getCronExpression() + "' has no time in the four years before " + at);
  }
}
