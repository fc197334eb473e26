package dev.weft.execute;

import dev.weft.compile.InputPlan;
import dev.weft.compile.ProductPlan;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.jobs.sink.SourcePositions;
import dev.weft.spec.KafkaInput.StartingOffsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a product starts reading when it starts without checkpoint state: for each input
 * partition, after whatever is further of what the product's consumer group committed and what
 * its Iceberg table already covers. So running a product again neither re-publishes nor skips.
 */
public final class StartingPositions {
  private StartingPositions() {}

  public static Map<String, OffsetsInitializer> of(ProductPlan plan, Admin admin, Table table) {
    SourcePositions inTable = ProductSnapshot.latest(table).map(ProductSnapshot::positions).orElse(SourcePositions.empty());
    Map<TopicPartition, OffsetAndMetadata> committed;
    try {
      committed = admin.listConsumerGroupOffsets(plan.names().consumerGroup()).partitionsToOffsetAndMetadata().get();
    } catch (InterruptedException | ExecutionException e) {
      throw new IllegalStateException("cannot read committed offsets of " + plan.names().consumerGroup() + ": " + e.getMessage(), e);
    }
    Map<String, OffsetsInitializer> starts = new HashMap<>();
    for (InputPlan input : plan.inputs().stream().filter(InputPlan::fromKafka).toList()) {
      Map<TopicPartition, Long> offsets = new HashMap<>();
      committed.forEach((tp, offset) -> {
        if (tp.topic().equals(input.topic()) && offset != null) {
          offsets.put(tp, offset.offset());
        }
      });
      var tablePartitions = inTable.offsets().get(input.topic());
      if (tablePartitions != null) {
        tablePartitions.forEach((partition, last) ->
            offsets.merge(new TopicPartition(input.topic(), partition), last + 1, Math::max));
      }
      if (!offsets.isEmpty()) {
        OffsetResetStrategy otherwise = input.startingOffsets() == StartingOffsets.LATEST
            ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST;
        starts.put(input.name(), OffsetsInitializer.offsets(offsets, otherwise));
      }
    }
    return starts;
  }
}
