package dev.weft.execute;

import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.sink.ProductSnapshot;
import dev.weft.jobs.sink.SourcePositions;
import dev.weft.spec.KafkaInput.StartingOffsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.common.TopicPartition;

/**
 * Where a product starts reading when it starts without checkpoint state: for each input
 * partition, right after the last record its Iceberg table covers; elsewhere as the input's
 * {@code startingOffsets} says. Never where the product's consumer group stands: the source commits
 * that on each checkpoint, independently of the Iceberg commit, so it can be ahead of the table
 * (the group is kept for lag metrics only).
 */
public final class StartingPositions {
  private StartingPositions() {}

  public static Map<String, OffsetsInitializer> of(ProductPlan plan, Table table) {
    SourcePositions inTable = ProductSnapshot.latest(table).map(ProductSnapshot::positions).orElse(SourcePositions.empty());
    Map<String, OffsetsInitializer> starts = new HashMap<>();
    for (InputPlan input : plan.inputs().stream().filter(InputPlan::fromKafka).toList()) {
      var tablePartitions = inTable.offsets().get(input.topic());
      if (tablePartitions == null || tablePartitions.isEmpty()) {
        continue;
      }
      Map<TopicPartition, Long> offsets = new HashMap<>();
      tablePartitions.forEach((partition, last) -> offsets.put(new TopicPartition(input.topic(), partition), last + 1));
      OffsetResetStrategy otherwise = input.startingOffsets() == StartingOffsets.LATEST
          ? OffsetResetStrategy.LATEST : OffsetResetStrategy.EARLIEST;
      starts.put(input.name(), OffsetsInitializer.offsets(offsets, otherwise));
    }
    return starts;
  }
}
