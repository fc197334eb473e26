package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.junit.jupiter.api.Test;

/**
 * Records move between operators of one task without being serialized. A product's own operators
 * must not start tasks of their own where Flink would chain them: the read-position reporter goes
 * with its source, the Iceberg writer with the rows it writes.
 */
class JobChainsTest {

  @Test
  void anAppendProductReadsParsesChecksAndWritesInOneTask() throws Exception {
    ProductPlan plan = ProductSet.compile(List.of(Path.of("../product-specs/orders/order-events.yaml"))).plans().get(0);
    List<String> tasks = StreamSupport.stream(PlanCommand.flinkGraph(plan).getJobGraph().getVertices().spliterator(), false)
        .map(JobVertex::getName).toList();

    assertThat(tasks).anySatisfy(task -> assertThat(task)
        .startsWith("Source: input orders (shop.orders) -> read positions of orders -> parse orders")
        .contains("-> quality rules")
        .contains("iceberg writer orders.order_events_v1")
        .contains("topic orders.order-events.v1: Writer"));
  }
}
