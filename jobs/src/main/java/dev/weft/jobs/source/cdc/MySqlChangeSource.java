package dev.weft.jobs.source.cdc;

import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.secret.SecretReference;
import dev.weft.jobs.secret.SecretResolvingSource;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.cdc.connectors.mysql.source.MySqlSource;
import org.apache.flink.cdc.connectors.mysql.table.StartupOptions;
import org.apache.flink.table.data.RowData;

/**
 * Flink CDC's MySQL source (also for MariaDB, without GTIDs) for one table: a parallel,
 * checkpointed snapshot in chunks, then the binlog, handed over without gap or duplicate.
 */
public final class MySqlChangeSource {
  private MySqlChangeSource() {}

  /**
   * The source as the job carries it: with {@code password} a reference, the password is looked up
   * where the source runs ({@link SecretResolvingSource}) and the job graph holds the reference
   * only; without one, {@code table}'s password is the literal the spec gives.
   */
  public static Source<RowData, ?, ?> create(MySqlTable table, Optional<SecretReference> password, SecretLookup secrets,
      ChangeRowDeserializer deserializer, int chunkRows, boolean snapshotOnly, Optional<BinlogPosition> resumeAt) {
    if (password.isEmpty()) {
      return create(table, deserializer, chunkRows, snapshotOnly, resumeAt);
    }
    MySqlTable withoutPassword = table.withPassword(null);
    BinlogPosition position = resumeAt.orElse(null); // an Optional is not serializable
    return new SecretResolvingSource<>(
        resolved -> create(withoutPassword.withPassword(resolved), deserializer, chunkRows, snapshotOnly, Optional.ofNullable(position)),
        password.get(), secrets, deserializer.getProducedType(), snapshotOnly ? Boundedness.BOUNDED : Boundedness.CONTINUOUS_UNBOUNDED);
  }

  /**
   * @param chunkRows rows per snapshot chunk
   * @param snapshotOnly read the rows the table has now and stop (bounded), instead of streaming
   * @param resumeAt the binlog position to continue from ({@code file}, {@code position}), instead of a new snapshot
   */
  public static MySqlSource<RowData> create(
      MySqlTable table, ChangeRowDeserializer deserializer, int chunkRows, boolean snapshotOnly, Optional<BinlogPosition> resumeAt) {
    Properties debezium = new Properties();
    debezium.setProperty("decimal.handling.mode", "precise");
    StartupOptions startup = snapshotOnly ? StartupOptions.snapshot()
        : resumeAt.map(p -> StartupOptions.specificOffset(p.file(), p.position())).orElse(StartupOptions.initial());
    return MySqlSource.<RowData>builder()
        .hostname(table.hostname())
        .port(table.port())
        .databaseList(table.database())
        .tableList(table.qualifiedName())
        .username(table.username())
        .password(table.password())
        .serverId(table.serverIds())
        .serverTimeZone("UTC")
        .debeziumProperties(debezium)
        .deserializer(deserializer)
        .splitSize(chunkRows)
        .startupOptions(startup)
        .build();
  }

  /** A position in the server's binlog. */
  public record BinlogPosition(String file, long position) implements java.io.Serializable {}
}
