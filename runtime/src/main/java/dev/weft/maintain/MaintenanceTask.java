package dev.weft.maintain;

import java.util.Arrays;
import java.util.Optional;

/** The kinds of table maintenance, by the names the CLI, the schedule and the run history use. */
public enum MaintenanceTask {
  /** Rewrites small data files (with their deletes applied) into files of the target size. */
  COMPACT("compact"),
  /** Drops snapshots older than the product's {@code keepSnapshots}, and the files only they used. */
  EXPIRE_SNAPSHOTS("expire-snapshots"),
  /** Deletes files under the table's location that no snapshot references and that are old enough. */
  REMOVE_ORPHAN_FILES("remove-orphan-files");

  private final String id;

  MaintenanceTask(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }

  public static Optional<MaintenanceTask> byId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }
}
