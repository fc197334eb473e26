package dev.weft.spec;

import java.util.Optional;

/** Stream (always running) or batch (on a Quartz cron). */
public record ScheduleSpec(Mode mode, Optional<String> cron, Position position) {
  public enum Mode {
    STREAM,
    BATCH
  }

  public static ScheduleSpec stream(String file) {
    return new ScheduleSpec(Mode.STREAM, Optional.empty(), Position.unknown(file));
  }
}
