package dev.weft.cli;

import dev.weft.execute.IcebergTables;
import dev.weft.execute.KafkaClients;
import dev.weft.execute.ProductReport;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.ReplicationSlots;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.plan.ProductPlan;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/** Where a product publishes, and what its table and dead-letter topic hold now. */
final class ProductStatus implements ProductReport {
  private final ProductRunner runner;

  ProductStatus(ProductRunner runner) {
    this.runner = runner;
  }

  @Override
  public void printLocations(ProductPlan plan, PrintWriter out) {
    out.println(plan.product() + " " + plan.version());
    out.println("  topic         " + plan.names().topic());
    out.println("  dead letters  " + plan.names().deadLetterTopic());
    out.println("  table         " + plan.names().qualifiedTable());
    out.flush();
  }

  /** After a drained run: what the table and the dead-letter topic hold (counted, so for dev-sized data). */
  @Override
  public void print(ProductPlan plan, PrintWriter out) {
    printLocations(plan, out);
    Table table = IcebergTables.load(runner.catalog(), plan);
    long rows = 0;
    try (var records = IcebergGenerics.read(table).build()) {
      for (var ignored : records) {
        rows++;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    out.println("  table rows    " + rows);
    if (table.currentSnapshot() != null) {
      ProductSnapshot.of(table.currentSnapshot()).ifPresent(s -> out.println("  covers input  " + s.positions().toJson()));
    }
    out.println("  dead letters  " + committedRecords(plan.names().deadLetterTopic()));
    runner.changeSources(plan).values().stream().filter(PostgresTable.class::isInstance).map(PostgresTable.class::cast)
        .forEach(source -> out.println("  cdc slot      " + source.slotName() + " ("
            + ReplicationSlots.status(source).map(slot -> "keeps changes since " + slot.confirmedFlushLsn() + " for the next run")
                .orElse("none") + ")"));
    out.flush();
  }

  private long committedRecords(String topic) {
    long count = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedBytesConsumer(runner.kafka())) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
        count += consumer.poll(Duration.ofMillis(200)).count();
      }
    }
    return count;
  }
}
