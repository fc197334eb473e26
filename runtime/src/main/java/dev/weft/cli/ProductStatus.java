package dev.weft.cli;

import dev.weft.compile.IcebergTables;
import dev.weft.compile.ProductPlan;
import dev.weft.execute.ProductRunner;
import dev.weft.jobs.sink.ProductSnapshot;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.iceberg.Table;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/** Where a product publishes, and what its table and dead-letter topic hold now. */
final class ProductStatus {
  private final ProductRunner runner;

  ProductStatus(ProductRunner runner) {
    this.runner = runner;
  }

  void printLocations(ProductPlan plan, PrintWriter out) {
    out.println(plan.product() + " " + plan.version());
    out.println("  topic         " + plan.names().topic());
    out.println("  dead letters  " + plan.names().deadLetterTopic());
    out.println("  table         " + plan.names().qualifiedTable());
    out.flush();
  }

  void print(ProductPlan plan, PrintWriter out) {
    printLocations(plan, out);
    Table table = runner.catalog().loadTable(IcebergTables.identifier(plan));
    var snapshot = table.currentSnapshot();
    if (snapshot == null) {
      out.println("  table rows    0 (nothing committed yet)");
    } else {
      long rows = Long.parseLong(snapshot.summary().getOrDefault("total-records", "0"));
      long deletes = Long.parseLong(snapshot.summary().getOrDefault("total-equality-deletes", "0"));
      out.println("  table rows    " + rows + " written" + (deletes > 0 ? ", " + deletes + " replaced by upserts" : "")
          + " (snapshot " + snapshot.snapshotId() + ")");
      ProductSnapshot.of(snapshot).ifPresent(s -> out.println("  covers input  " + s.positions().toJson()));
    }
    out.println("  dead letters  " + endOffset(plan.names().deadLetterTopic()) + " offsets used (incl. transaction markers)");
    out.flush();
  }

  private long endOffset(String topic) {
    try {
      var partitions = runner.admin().describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
      var request = new java.util.HashMap<TopicPartition, OffsetSpec>();
      partitions.forEach(p -> request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      return runner.admin().listOffsets(request).all().get().values().stream().mapToLong(o -> o.offset()).sum();
    } catch (InterruptedException | ExecutionException e) {
      return -1;
    }
  }
}
