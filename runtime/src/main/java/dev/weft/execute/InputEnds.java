package dev.weft.execute;

import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.jobs.sink.SourcePositions;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.spec.KafkaInput.StartingOffsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.BooleanSupplier;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * What a run until idle has to read: the end of each input partition when the run starts (the
 * log end, so a transaction still open then is waited for, not skipped), and the last change each
 * CDC input's replication slot holds then. A partition of an input that starts at its latest
 * offset counts only once the product's table has read from it.
 */
final class InputEnds {
  private static final Duration POLL = Duration.ofMillis(200);
  /** How far back from a partition's end the last committed record is looked for first. */
  private static final long FIRST_LOOK_BACK = 64;

  private final Map<TopicPartition, Long> ends;
  private final Map<TopicPartition, Long> lastChanges;

  private InputEnds(Map<TopicPartition, Long> ends, Map<TopicPartition, Long> lastChanges) {
    this.ends = Map.copyOf(ends);
    this.lastChanges = Map.copyOf(lastChanges);
  }

  /**
   * @param changeSources the product's CDC inputs: a PostgreSQL input ends at the last change its
   *     replication slot holds now (the LSN its records carry, partition 0)
   */
  static InputEnds capture(ProductPlan plan, Admin admin, Table table, Map<String, CapturedTable> changeSources) {
    Map<TopicPartition, Long> lastChanges = new HashMap<>();
    changeSources.forEach((name, source) -> {
      TopicPartition log = new TopicPartition(plan.input(name).topic(), 0);
      if (source instanceof PostgresTable postgres) {
        ReplicationSlots.lastPendingChange(postgres).ifPresent(lsn -> lastChanges.put(log, lsn));
      } else {
        throw new ChangeSourceException("product " + plan.product() + ", input '" + name + "': a run until idle reads a MySQL "
            + "input's first snapshot only, and table " + plan.names().qualifiedTable() + " holds it already; run the product "
            + "streaming (weft run without --until-idle) to apply the changes made since");
      }
    });
    return new InputEnds(kafkaEnds(plan, admin, table), lastChanges);
  }

  private static Map<TopicPartition, Long> kafkaEnds(ProductPlan plan, Admin admin, Table table) {
    SourcePositions inTable = ProductSnapshot.latest(table).map(ProductSnapshot::positions).orElse(SourcePositions.empty());
    Map<TopicPartition, OffsetSpec> wanted = new HashMap<>();
    for (InputPlan input : plan.inputs().stream().filter(InputPlan::fromKafka).toList()) {
      Map<Integer, Long> read = inTable.partitions(input.topic());
      try {
        admin.describeTopics(List.of(input.topic())).allTopicNames().get().get(input.topic()).partitions().forEach(p -> {
          if (input.startingOffsets() != StartingOffsets.LATEST || read.containsKey(p.partition())) {
            wanted.put(new TopicPartition(input.topic(), p.partition()), OffsetSpec.latest());
          }
        });
      } catch (InterruptedException | ExecutionException e) {
        throw new IllegalStateException("cannot read the partitions of " + input.topic() + " (input '" + input.name() + "' of "
            + plan.product() + "): " + e.getMessage(), e);
      }
    }
    try {
      Map<TopicPartition, Long> ends = new HashMap<>();
      admin.listOffsets(wanted, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED)).all().get()
          .forEach((partition, end) -> ends.put(partition, end.offset()));
      return ends;
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot read the end offsets of the inputs of " + plan.product() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Per partition, the offset of the last committed record before its end: what the table's
   * positions must reach. Blocks while a transaction before an end is still open; returns early
   * (with what it has) once {@code abandon} says so.
   */
  Map<TopicPartition, Long> lastRecords(Properties kafka, BooleanSupplier abandon) {
    Map<TopicPartition, Long> last = new HashMap<>(lastChanges);
    try (KafkaConsumer<byte[], byte[]> consumer = KafkaClients.committedBytesConsumer(kafka)) {
      for (var entry : ends.entrySet()) {
        TopicPartition partition = entry.getKey();
        long end = entry.getValue();
        consumer.assign(List.of(partition));
        long beginning = consumer.beginningOffsets(List.of(partition)).get(partition);
        long lookBack = FIRST_LOOK_BACK;
        long from = Math.max(beginning, end - lookBack);
        while (end > beginning && !abandon.getAsBoolean()) {
          consumer.seek(partition, from);
          Long found = null;
          while (consumer.position(partition) < end && !abandon.getAsBoolean()) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
              if (record.offset() < end) {
                found = record.offset();
              }
            }
          }
          if (found != null) {
            last.put(partition, found);
            break;
          }
          if (from == beginning) {
            break; // nothing committed before the end: nothing to wait for
          }
          // aborted transactions or compacted records at the end: look further back
          lookBack *= 16;
          from = Math.max(beginning, end - lookBack);
        }
      }
    }
    return last;
  }
}
