package dev.weft.jobs.source.cdc;

import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.secret.SecretReference;
import dev.weft.jobs.secret.SecretResolvingSource;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cdc.connectors.base.options.StartupOptions;
import org.apache.flink.cdc.connectors.postgres.source.PostgresSourceBuilder.PostgresIncrementalSource;
import org.apache.flink.table.data.RowData;

/**
 * Flink CDC's incremental PostgreSQL source for one table: a parallel, checkpointed snapshot in
 * chunks, then the changes from the replication slot, handed over without gap or duplicate.
 */
public final class PostgresChangeSource {
  /** Added to the slot name for snapshot-only reads. */
  public static final String SNAPSHOT_SLOT_SUFFIX = "_snap";
  private PostgresChangeSource() {}

  /**
   * The source as the job carries it: with {@code password} a reference, the password is looked up
   * where the source runs ({@link SecretResolvingSource}) and the job graph holds the reference
   * only; without one, {@code table}'s password is the literal the spec gives.
   */
  public static Source<RowData, ?, ?> create(PostgresTable table, Optional<SecretReference> password, SecretLookup secrets,
      ChangeRowDeserializer deserializer, int chunkRows, boolean snapshotOnly, boolean resume) {
    if (password.isEmpty()) {
      return create(table, deserializer, chunkRows, snapshotOnly, resume);
    }
    PostgresTable withoutPassword = table.withPassword(null);
    return new SecretResolvingSource<>(
        resolved -> create(withoutPassword.withPassword(resolved), deserializer, chunkRows, snapshotOnly, resume),
        password.get(), secrets, deserializer.getProducedType(), snapshotOnly ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED);
  }

  /**
   * @param chunkRows rows per snapshot chunk
   * @param snapshotOnly read the rows the table has now and stop (bounded), instead of streaming
   * @param resume start from the slot's confirmed position instead of a new snapshot
   */
  public static PostgresIncrementalSource<RowData> create(
      PostgresTable table, ChangeRowDeserializer deserializer, int chunkRows, boolean snapshotOnly, boolean resume) {
    Properties debezium = new Properties();
    // one publication per slot, holding only this table: products do not see each other's tables
    debezium.setProperty("publication.name", table.slotName());
    debezium.setProperty("publication.autocreate.mode", "filtered");
    // numbers as BigDecimal, whatever their declared precision
    debezium.setProperty("decimal.handling.mode", "precise");
    CdcConfigLogging.keepPasswordsOutOfTheLogs(); // where the source is built: in the task when its password is a reference
    StartupOptions startup = snapshotOnly ? StartupOptions.snapshot() : resume ? StartupOptions.committed() : StartupOptions.initial();
    return PostgresIncrementalSource.<RowData>builder()
        .hostname(table.hostname())
        .port(table.port())
        .database(table.database())
        .schemaList(table.schema())
        .tableList(table.qualifiedName())
        .username(table.username())
        .password(table.password())
        // a snapshot-only read drops its slot when done: it must not be the one the product streams from later
        .slotName(snapshotOnly ? table.slotName() + SNAPSHOT_SLOT_SUFFIX : table.slotName())
        .decodingPluginName("pgoutput")
        .debeziumProperties(debezium)
        .deserializer(deserializer)
        .splitSize(chunkRows)
        .startupOptions(startup)
        .build();
  }
}
