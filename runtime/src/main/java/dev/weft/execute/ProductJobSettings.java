package dev.weft.execute;

import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.sink.CommitSettings;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.plan.BatchWindow;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.CronWindows;
import dev.weft.translate.AvroTopicSchemas;
import dev.weft.translate.JobSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.iceberg.flink.CatalogLoader;

/**
 * The one place a product job's {@link JobSettings} are put together: from Weft's options and what
 * the runner decided for one start, or, for {@code weft plan}, from stand-ins.
 */
public final class ProductJobSettings {
  private ProductJobSettings() {}

  /**
   * @param startingOffsets per Kafka input, where it continues; empty to start as the spec says
   * @param bounded the job reads up to the end of what its inputs hold now, then finishes
   */
  static JobSettings of(ReadableConfig options, Properties kafka, CatalogLoader catalog, Map<String, OffsetsInitializer> startingOffsets,
      Map<String, CapturedTable> changeSources, ChangeInputStarts changeStarts, boolean bounded, Optional<BatchWindow> window,
      SecretLookup secrets, CommitSettings commits, Optional<AvroTopicSchemas.Ids> topicSchemas) {
    return new JobSettings(
        kafka,
        catalog,
        startingOffsets,
        changeSources,
        changeStarts.resumedSlots(),
        changeStarts.binlogPositions(),
        bounded,
        options.get(WeftOptions.PARALLELISM),
        options.get(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS),
        options.get(WeftOptions.FAIL_AFTER_RECORDS),
        options.get(WeftOptions.FAIL_AFTER_TABLE_COMMITS),
        Clock.systemUTC(),
        window,
        secrets,
        commits,
        options.getOptional(WeftOptions.SCHEMA_REGISTRY_URL),
        topicSchemas);
  }

  /**
   * Settings for building a product's job only to look at it ({@code weft plan}): endpoints that are
   * never contacted, CDC tables that are never resolved, every option at its default.
   */
  public static JobSettings placeholders(ProductPlan plan) {
    Properties kafka = new Properties();
    kafka.setProperty("bootstrap.servers", "kafka:9092");
    var catalog = new IcebergCatalogSettings("weft", "jdbc:postgresql://catalog/weft", "weft", "", "file:///warehouse");
    Configuration options = new Configuration();
    options.set(WeftOptions.SCHEMA_REGISTRY_URL, "http://schema-registry:8080/apis/ccompat/v7");
    // an Avro topic's schema ids are the registry's to give: 0 stands in for them
    Optional<AvroTopicSchemas.Ids> ids = Optional.of(new AvroTopicSchemas.Ids(0, plan.upsert() ? java.util.OptionalInt.of(0) : java.util.OptionalInt.empty()))
        .filter(i -> plan.topic().format() == dev.weft.spec.WireFormat.AVRO);
    return of(options, kafka, catalog.loader(), Map.of(), ChangeSources.placeholders(plan),
        new ChangeInputStarts(Set.of(), Map.of()), plan.batch(), plan.batchCron().map(cron -> new CronWindows(cron).latest(Instant.now())),
        SecretLookup.of(Optional.empty()), CommitSettings.defaults("checkpoints"), ids);
  }
}
