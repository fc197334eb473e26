package dev.weft.compile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanJsonTest {
  @Test
  void everyExamplePlanReadsBackEqual() throws Exception {
    List<ProductPlan> plans = ProductSet.compile(List.of(Path.of("../product-specs"))).plans();
    assertThat(plans).isNotEmpty();
    for (ProductPlan plan : plans) {
      assertThat(PlanJson.read(PlanJson.write(plan))).as(plan.product()).isEqualTo(plan);
    }
  }
}
