package dev.weft.execute;

import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.sink.ChangeReadPositions;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.jobs.sink.SourcePositions;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.jobs.source.cdc.MySqlChangeSource.BinlogPosition;
import dev.weft.jobs.source.cdc.MySqlTable;
import dev.weft.jobs.source.cdc.PostgresTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.iceberg.Table;

/**
 * Where each CDC input of a product starts when the product starts without checkpoint state: with
 * a snapshot of its table, or, when its Iceberg table already holds the input's changes, where
 * those end (PostgreSQL: the product's replication slot; MySQL: the binlog position the table
 * records). A product whose position is gone from the server is refused: a new snapshot would
 * leave rows deleted in between in its table.
 *
 * @param resumedSlots PostgreSQL inputs that continue from their replication slot
 * @param binlogPositions MySQL inputs and the binlog position they continue from
 */
record ChangeInputStarts(Set<String> resumedSlots, Map<String, BinlogPosition> binlogPositions) {

  /**
   * Whether a CDC input's table holds nothing of it yet: a run until idle then reads a snapshot of
   * the captured tables and ends (a bounded job); once the table holds them, runs until idle
   * continue from the slot like streaming runs.
   */
  static boolean takesFirstSnapshot(ProductPlan plan, Table table, Map<String, CapturedTable> changeSources) {
    SourcePositions inTable = ProductSnapshot.latest(table).map(ProductSnapshot::positions).orElse(SourcePositions.empty());
    return changeSources.keySet().stream().anyMatch(input -> !snapshotRead(inTable, plan.input(input)));
  }

  /**
   * Whether the table holds a whole snapshot of the input: a snapshot-only read that ended noted
   * {@link ChangeReadPositions#SNAPSHOT_COMPLETE}, or changes from the log came after it. Snapshot
   * rows alone (-1) are what a read killed in the middle of its snapshot left: the slot holds only
   * the changes made since it was created, so continuing from it would miss the rows not read yet.
   */
  private static boolean snapshotRead(SourcePositions inTable, InputPlan input) {
    Map<Integer, Long> read = inTable.partitions(input.topic());
    return read != null && read.values().stream().anyMatch(offset -> offset >= ChangeReadPositions.SNAPSHOT_COMPLETE);
  }

  /** @param snapshotOnly a run until idle that takes the first snapshot ({@link #takesFirstSnapshot}) */
  static ChangeInputStarts decide(ProductPlan plan, Table table, Map<String, CapturedTable> changeSources, boolean snapshotOnly) {
    if (snapshotOnly) {
      // a snapshot-only read; the slot is made first, so a later streaming run continues with the changes made since
      changeSources.values().stream().filter(PostgresTable.class::isInstance).map(PostgresTable.class::cast)
          .forEach(ReplicationSlots::create);
      return new ChangeInputStarts(Set.of(), Map.of());
    }
    SourcePositions inTable = ProductSnapshot.latest(table).map(ProductSnapshot::positions).orElse(SourcePositions.empty());
    Set<String> slots = new HashSet<>();
    Map<String, BinlogPosition> binlog = new HashMap<>();
    for (var entry : changeSources.entrySet()) {
      InputPlan input = plan.input(entry.getKey());
      var committed = inTable.offsets().get(input.topic());
      if (committed == null || !snapshotRead(inTable, input)) {
        continue; // a new snapshot, then the changes
      }
      if (entry.getValue() instanceof PostgresTable postgres) {
        if (ReplicationSlots.status(postgres).isEmpty()) {
          throw gone(plan, input, postgres, "replication slot " + postgres.slotName() + " is gone");
        }
        slots.add(input.name());
      } else {
        binlogPosition((MySqlTable) entry.getValue(), new TreeMap<>(committed))
            .ifPresent(position -> binlog.put(input.name(), position));
      }
    }
    return new ChangeInputStarts(slots, binlog);
  }

  /**
   * The binlog position of the last change the table holds (file number → position), if it holds
   * changes from the binlog (rows from a snapshot have none: the input then takes a new snapshot).
   */
  private static Optional<BinlogPosition> binlogPosition(MySqlTable table, TreeMap<Integer, Long> committed) {
    // binlog files are numbered from 1; file 0 is where a snapshot's rows and its completion are noted
    var last = committed.descendingMap().entrySet().stream().filter(e -> e.getKey() > 0 && e.getValue() >= 0).findFirst();
    if (last.isEmpty()) {
      return Optional.empty();
    }
    int number = last.get().getKey();
    try (Connection connection = DriverManager.getConnection(
            "jdbc:mysql://" + table.hostname() + ":" + table.port() + "/", table.username(), table.password());
        Statement statement = connection.createStatement();
        ResultSet logs = statement.executeQuery("SHOW BINARY LOGS")) {
      while (logs.next()) {
        String file = logs.getString(1);
        if (file.endsWith(String.format(".%06d", number))) {
          return Optional.of(new BinlogPosition(file, last.get().getValue()));
        }
      }
    } catch (SQLException e) {
      throw new ChangeSourceException("cannot list the binlog files of " + table.hostname() + ":" + table.port() + ": " + e.getMessage(), e);
    }
    throw new ChangeSourceException("binlog file number " + number + " of " + table.hostname() + ":" + table.port()
        + ", where the changes of " + table.qualifiedName() + " continue, is no longer on the server (purged), so the changes "
        + "made since are lost to CDC; delete the product's table to rebuild it from a new snapshot, or publish it as a new major version");
  }

  private static ChangeSourceException gone(ProductPlan plan, InputPlan input, CapturedTable source, String what) {
    return new ChangeSourceException("product " + plan.product() + ", input '" + input.name() + "': table " + plan.names().qualifiedTable()
        + " holds changes of " + source.qualifiedName() + ", but " + what + ", so the changes made since are lost to CDC; "
        + "delete the table to rebuild the product from a new snapshot, or publish it as a new major version");
  }
}
