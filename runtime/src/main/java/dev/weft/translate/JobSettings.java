package dev.weft.translate;

import dev.weft.plan.BatchWindow;
import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.sink.CommitSettings;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.jobs.source.cdc.MySqlChangeSource.BinlogPosition;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * What a product's job needs from where it runs: the Kafka cluster, the Iceberg catalog, where
 * each input starts, and whether the job stops at the end of what its inputs hold now.
 *
 * @param startingOffsets per Kafka input name; inputs not named start as their spec says
 * @param changeSources per CDC input name, the table with resolved credentials
 * @param resumedChangeInputs PostgreSQL CDC inputs whose table position is already committed:
 *     they continue from their replication slot instead of taking a new snapshot
 * @param binlogPositions MySQL CDC inputs whose table position is already committed: the binlog
 *     position they continue from instead of taking a new snapshot
 * @param untilIdle read each input up to its end offsets at start, then finish (a batch product; a CDC
 *     product's snapshot-only run); other runs until idle run unbounded and are stopped with a savepoint
 * @param snapshotChunkRows rows per chunk of a CDC input's snapshot
 * @param failAfterRecords inject one failure after this many records (0 = never), for recovery drills
 * @param failAfterTableCommits after this many table commits, fail without restarts between a
 *     checkpoint's Kafka and Iceberg commits (0 = never), for recovery drills
 * @param window the time range a batch run covers, for transforms that refer to it
 * @param secrets where the job's tasks read the keys of encrypt masks (the job carries only their names)
 * @param commits how topic and table commit: transaction timeout, Iceberg commit retries
 * @param schemaRegistry the Confluent-compatible schema registry Avro inputs read their writers' schemas from
 * @param topicSchemas for an Avro product, the ids its topic's schemas were registered with before the job
 */
public record JobSettings(
    Properties kafka,
    CatalogLoader catalog,
    Map<String, OffsetsInitializer> startingOffsets,
    Map<String, CapturedTable> changeSources,
    Set<String> resumedChangeInputs,
    Map<String, BinlogPosition> binlogPositions,
    boolean untilIdle,
    int parallelism,
    int snapshotChunkRows,
    long failAfterRecords,
    long failAfterTableCommits,
    Clock clock,
    Optional<BatchWindow> window,
    SecretLookup secrets,
    CommitSettings commits,
    Optional<String> schemaRegistry,
    Optional<AvroTopicSchemas.Ids> topicSchemas) {

  public JobSettings {
    startingOffsets = Map.copyOf(startingOffsets);
    changeSources = Map.copyOf(changeSources);
    resumedChangeInputs = Set.copyOf(resumedChangeInputs);
    binlogPositions = Map.copyOf(binlogPositions);
  }
}
