package dev.weft.cli;

import dev.weft.plan.CdcPlan;
import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.PublishedColumn;
import dev.weft.plan.RulePlan;
import dev.weft.plan.SourceColumn;
import dev.weft.translate.SqlOperatorUids;
import dev.weft.translate.StateBackends;
import dev.weft.spec.Durations;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.graph.StreamEdge;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;

/** Prints a {@link ProductPlan} for people ({@code weft plan}): every decision the compiler made. */
public final class PlanPrinter {
  private final PrintWriter out;

  public PlanPrinter(PrintWriter out) {
    this.out = out;
  }

  public void print(ProductPlan plan, StreamGraph flinkGraph) {
    out.println("Product " + plan.product() + " " + plan.version() + "  (" + plan.specFile() + ")");
    out.println();
    out.println(plan.batchCron()
        .map(cron -> "Batch product: runs at cron " + cron + ", reads its inputs whole (products from their tables, topics from "
            + "the earliest offset, CDC tables as a snapshot), replaces the table partitions it writes")
        .orElse("Stream product: runs continuously, commits on every checkpoint"));
    out.println();
    out.println("Inputs");
    for (InputPlan input : plan.inputs()) {
      String how;
      if (input instanceof InputPlan.Cdc captured) {
        CdcPlan cdc = captured.capture();
        how = cdc.connector() + " CDC of table " + cdc.table() + " at " + cdc.url() + " as " + cdc.username()
            + ": snapshot, then every change per key " + input.primaryKey() + ", through replication slot " + cdc.slotName();
      } else if (input instanceof InputPlan.Upstream upstream) {
        how = plan.batch()
            ? "product " + upstream.product() + ", read from its table " + upstream.table()
            : "product " + upstream.product() + ", read from its topic " + input.topic();
      } else {
        how = "kafka topic " + input.topic() + ", json, from " + input.startingOffsets().name().toLowerCase()
            + " when nothing is committed";
      }
      out.println("  " + input.name() + ": " + how);
      input.watermark().ifPresent(w -> out.println("    watermark: " + w.column() + " - " + Durations.format(w.delay())));
      out.println("    columns: " + input.columns().stream().map(c -> c.name() + " " + c.type()).collect(Collectors.joining(", ")));
    }
    out.println();
    out.println("Transform");
    plan.transformSql().strip().lines().forEach(l -> out.println("  " + l));
    out.println("  origin of each record: " + (plan.originTraceable()
        ? "kept (dead letters and table commits name input topic/partition/offset)"
        : "not traceable through this transform (one output row is not one input record)"));
    printState(plan, flinkGraph);
    out.println();
    out.println("Quality rules (onViolation: " + plan.onViolation().specValue() + "; a record passes where the check is TRUE)");
    if (plan.rules().isEmpty()) {
      out.println("  (none)");
    }
    int width = plan.rules().stream().mapToInt(r -> r.name().length()).max().orElse(0);
    for (RulePlan rule : plan.rules()) {
      out.println("  " + pad(rule.name(), width) + "  " + rule.sql().replaceAll("\\s+", " ")
          + (rule.implicit() ? "   (from nullable: false)" : ""));
    }
    out.println();
    out.println("Outputs");
    var topic = plan.topic();
    out.println("  topic:        " + plan.names().topic() + " (" + topic.partitions() + " partition(s), "
        + (topic.compacted() ? "keyed by " + plan.primaryKey() + ", compacted" : "unkeyed, retention " + Durations.format(topic.retention()))
        + ", " + topic.format().text() + (topic.format() == dev.weft.spec.WireFormat.AVRO
            ? " in the Confluent wire format, schemas under " + plan.names().topic() + "-key/-value (" + topic.compatibility().text() + ")" : "")
        + ", exactly-once)");
    out.println("  dead letters: " + plan.names().deadLetterTopic());
    out.println("  table:        " + plan.names().qualifiedTable() + " (Iceberg v2, "
        + (plan.upsert() ? "upsert on " + plan.primaryKey() : "append")
        + (plan.partitionBy().isEmpty() ? ", unpartitioned" : ", partitioned by " + plan.partitionBy())
        + ", committed on checkpoints)");
    out.println("  columns:");
    int columnWidth = plan.columns().stream().mapToInt(c -> c.name().length()).max().orElse(0);
    for (PublishedColumn column : plan.columns()) {
      out.println("    " + pad(column.name(), columnWidth) + "  " + column.type().asSummaryString()
          + column.mask().map(mask -> "  (pii, published as " + mask + column.keySecret().map(k -> " with the key in secret " + k).orElse("") + ")").orElse(column.pii() ? "  (pii, published unmasked)" : "")
          + (column.sources().isEmpty() ? "" : "  <- " + column.sources().stream().map(SourceColumn::toString).collect(Collectors.joining(", ")))
          + (column.description().isEmpty() ? "" : "  -- " + column.description()));
    }
    out.println();
    out.println("Job SQL");
    plan.jobSql().lines().forEach(l -> out.println("  " + l));
    out.println();
    out.println("Flink execution plan");
    printGraph(flinkGraph);
    out.flush();
  }

  /** What the transform keeps between records, where, for how long, and under which uids (stream products only). */
  private void printState(ProductPlan plan, StreamGraph graph) {
    if (plan.batch()) {
      return;
    }
    List<StreamNode> stateful = graph.getStreamNodes().stream()
        .filter(n -> n.getStateKeySerializer() != null && SqlOperatorUids.isSqlOperator(n.getTransformationUID()))
        .sorted(Comparator.comparingInt(StreamNode::getId))
        .toList();
    out.println();
    out.println("State");
    if (stateful.isEmpty()) {
      out.println("  none: no operator of the transform keeps state between records");
      return;
    }
    out.println("  ttl:       " + plan.stateTtl()
        .map(ttl -> Durations.format(ttl) + " (stateTtl): a key's state unchanged that long is forgotten; "
            + "a join partner older than that no longer matches later changes of the other side")
        .orElse("none: kept for ever (set stateTtl to bound it)"));
    out.println("  backend:   " + graph.getJobConfiguration().getOptional(StateBackendOptions.STATE_BACKEND)
        .map(b -> b.equals(StateBackends.ROCKSDB) ? "RocksDB on local disk, incremental checkpoints" : b)
        .orElse("heap"));
    out.println("  operators: (their uids stay the same across compatible spec edits; a checkpoint's state is restored into them)");
    for (StreamNode node : stateful) {
      String description = node.getOperatorDescription() == null ? node.getOperatorName() : node.getOperatorDescription();
      out.println("    " + description.replaceFirst("^\\[\\d+]:", "") + "\n      uid " + node.getTransformationUID());
    }
  }

  private void printGraph(StreamGraph graph) {
    List<StreamNode> nodes = graph.getStreamNodes().stream().sorted(Comparator.comparingInt(StreamNode::getId)).toList();
    for (StreamNode node : nodes) {
      String targets = node.getOutEdges().stream()
          .map(e -> e.getTargetId() + partitioner(e))
          .collect(Collectors.joining(", "));
      out.println("  [" + node.getId() + "] " + node.getOperatorName() + "  (parallelism " + node.getParallelism() + ")"
          + (targets.isEmpty() ? "" : " -> " + targets));
    }
  }

  private static String partitioner(StreamEdge edge) {
    String name = edge.getPartitioner().toString();
    return name.equals("FORWARD") ? "" : " [" + name.toLowerCase() + "]";
  }

  private static String pad(String text, int width) {
    return text + " ".repeat(Math.max(0, width - text.length()));
  }
}
