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
      String json = PlanJson.write(plan);
      assertThat(PlanJson.read(json)).as(plan.product()).isEqualTo(plan);
      // what ProductMain reads in the cluster is what weft wrote, to the character
      assertThat(PlanJson.write(PlanJson.read(json))).as(plan.product()).isEqualTo(json);
    }
  }

  /** A plan goes into ConfigMaps and files: the credentials of CDC inputs stay the spec's references, resolved where the job runs. */
  @Test
  void secretsStayReferences() throws Exception {
    List<ProductPlan> plans = ProductSet.compile(List.of(Path.of("../product-specs"))).plans();
    List<CdcPlan> captures = plans.stream().flatMap(p -> p.inputs().stream())
        .filter(InputPlan.Cdc.class::isInstance).map(i -> ((InputPlan.Cdc) i).capture()).toList();
    assertThat(captures).hasSize(2).allSatisfy(cdc -> {
      assertThat(cdc.url()).isEqualTo("${env:SHOP_DB_URL}");
      assertThat(cdc.username()).isEqualTo("${env:SHOP_DB_USER}");
      assertThat(cdc.password()).isEqualTo("${secret:shop-db-password}");
    });
    for (ProductPlan plan : plans.stream().filter(p -> p.inputs().stream().anyMatch(InputPlan.Cdc.class::isInstance)).toList()) {
      assertThat(PlanJson.write(plan)).as(plan.product()).contains("\"password\" : \"${secret:shop-db-password}\"");
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
