package dev.weft.plan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
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

  @Test
  void weftPlanJsonPrintsThePlan() throws Exception {
    Path spec = Path.of("../product-specs/orders/order-events.yaml");
    ProductPlan plan = ProductSet.compile(List.of(spec)).plans().get(0);
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run("plan", spec.toString(), "--json")).as(weft.err()).isEqualTo(0);
    assertThat(PlanJson.read(weft.out())).isEqualTo(plan);
  }

  @Test
  void aFieldThisVersionDoesNotKnowIsRefused() throws Exception {
    ProductPlan plan = ProductSet.compile(List.of(Path.of("../product-specs/orders/order-events.yaml"))).plans().get(0);
    String json = PlanJson.write(plan).replaceFirst("\\{", "{\"futureField\": 1,");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> PlanJson.read(json))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a Weft product plan: Unrecognized field \"futureField\"");
  }
}
