package dev.weft.catalogreport;

import dev.weft.catalog.health.MetricsSample;
import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.RunningProduct;
import dev.weft.jobs.RecordCounters;
import dev.weft.jobs.sink.ProductSnapshot;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;

/**
 * Measures one running product between samples: what its job counted (records read, published,
 * rejected; bytes read), how much its topic, dead-letter topic and table grew, what they hold, how
 * far event time has got in its table, and the consumer groups reading its topic with their lag. Each sample covers what happened since the previous
 * one (the first: since the product started).
 *
 * <p>CPU seconds are those of the job's task threads ({@link TaskCpuTime}).
 */
final class ProductMeter {
  /** Iceberg's snapshot summary keys (org.apache.iceberg.SnapshotSummary). */
  static final String ADDED_FILES_SIZE = "added-files-size";
  static final String TOTAL_FILES_SIZE = "total-files-size";

  private final RunningProduct product;
  private final Catalog catalog;
  private final TopicSizes topics;
  private final ConsumerGroupLags lags;
  private final TaskCpuTime cpu = new TaskCpuTime();
  private Map<String, Long> counted = Map.of();
  private Long seenSnapshot;
  private long topicBytes;
  private Instant since;

  ProductMeter(RunningProduct product, Catalog catalog, TopicSizes topics, ConsumerGroupLags lags, Instant startedAt) {
    this.product = product;
    this.catalog = catalog;
    this.topics = topics;
    this.lags = lags;
    this.since = startedAt;
    Table table = table();
    this.seenSnapshot = table.currentSnapshot() == null ? null : table.currentSnapshot().snapshotId();
    this.topicBytes = topics.bytes(topicsOf(product.plan()));
  }

  RunningProduct product() {
    return product;
  }

  /** What happened since the last sample, up to {@code now}. */
  synchronized MetricsSample sample(Instant now) {
    Map<String, Long> counters = counters();
    long read = delta(counters, RecordCounters.RECORDS_READ);
    long bytesRead = delta(counters, RecordCounters.BYTES_READ);
    long unparseable = delta(counters, RecordCounters.RECORDS_UNPARSEABLE);
    long valid = delta(counters, RecordCounters.RECORDS_VALID);
    long rejected = delta(counters, RecordCounters.RECORDS_REJECTED);
    counted = counters;

    Table table = table();
    long addedToTable = 0;
    Snapshot current = table.currentSnapshot();
    for (Snapshot s = current; s != null && !Long.valueOf(s.snapshotId()).equals(seenSnapshot);
        s = s.parentId() == null ? null : table.snapshot(s.parentId())) {
      addedToTable += summaryLong(s, ADDED_FILES_SIZE);
    }
    seenSnapshot = current == null ? null : current.snapshotId();
    long tableBytes = current == null ? 0 : summaryLong(current, TOTAL_FILES_SIZE);
    String newestEventTime = ProductSnapshot.latest(table).flatMap(ProductSnapshot::watermark)
        .map(ms -> Instant.ofEpochMilli(ms).toString()).orElse(null);

    long topicNow = topics.bytes(topicsOf(product.plan()));
    // retention can shrink a topic: growth is never negative
    long toTopic = Math.max(0, topicNow - topicBytes);
    topicBytes = topicNow;

    long interval = Math.max(1, (Duration.between(since, now).toMillis() + 999) / 1000);
    since = now;
    return new MetricsSample(now.toString(), interval,
        // a product without Kafka inputs (CDC, upstream tables) has no parser to count what it read:
        // then what reached the quality rules is what came in
        counters.containsKey(RecordCounters.RECORDS_READ) ? read : valid + rejected, valid, rejected + unparseable,
        toTopic, addedToTable, cpuSeconds(),
        bytesRead, toTopic, topicNow, tableBytes, newestEventTime, lags.withActivity(product.plan().names().topic()));
  }

  private BigDecimal cpuSeconds() {
    List<String> tasks;
    try {
      tasks = product.cluster().taskNames(product.jobId());
    } catch (RuntimeException gone) {
      return BigDecimal.ZERO; // the job is no longer known to the cluster
    }
    // microsecond precision is what the catalog keeps of a sample's CPU time
    return BigDecimal.valueOf(cpu.sinceLastCall(tasks) / 1_000, 6);
  }

  private Map<String, Long> counters() {
    Map<String, Long> values = new java.util.HashMap<>();
    product.cluster().accumulators(product.jobId()).forEach((name, value) -> {
      if (name.startsWith("weft.") && value instanceof Number number) {
        values.put(name, number.longValue());
      }
    });
    return values;
  }

  /** Growth of a counter since the last sample; a restarted job counts from 0 again, which is not negative growth. */
  private long delta(Map<String, Long> now, String name) {
    long current = now.getOrDefault(name, 0L);
    long before = counted.getOrDefault(name, 0L);
    return current >= before ? current - before : current;
  }

  private Table table() {
    Table table = catalog.loadTable(IcebergTables.identifier(product.plan()));
    table.refresh();
    return table;
  }

  private static long summaryLong(Snapshot snapshot, String key) {
    return Optional.ofNullable(snapshot.summary().get(key)).map(Long::parseLong).orElse(0L);
  }

  private static Set<String> topicsOf(ProductPlan plan) {
    return Set.of(plan.names().topic(), plan.names().deadLetterTopic());
  }
}
