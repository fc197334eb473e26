package dev.weft.compile;

import java.time.Clock;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * What a product's job needs from where it runs: the Kafka cluster, the Iceberg catalog, where
 * each input starts, and whether the job stops at the end of what its inputs hold now.
 *
 * @param startingOffsets per input name; inputs not named start as their spec says
 * @param untilIdle read each input up to its end offsets at start, then finish
 * @param failAfterRecords inject one failure after this many records (0 = never), for recovery drills
 */
public record JobSettings(
    Properties kafka,
    CatalogLoader catalog,
    Map<String, OffsetsInitializer> startingOffsets,
    boolean untilIdle,
    int parallelism,
    long failAfterRecords,
    Clock clock) {

  public JobSettings {
    startingOffsets = Map.copyOf(startingOffsets);
  }
}
