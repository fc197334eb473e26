package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Grafana dashboard in deploy/ charts exactly the metrics PrometheusMetricsITCase finds for a running product. */
class GrafanaDashboardTest {
  @Test
  void everyPanelQueriesAMetricAProductJobHas() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("../deploy/grafana/weft-products.json").toFile());
    List<String> queried = new ArrayList<>();
    for (JsonNode panel : dashboard.get("panels")) {
      String expr = panel.get("targets").get(0).get("expr").asText();
      queried.add(PrometheusMetricsITCase.DASHBOARD_METRICS.stream().filter(expr::contains).findFirst()
          .orElseThrow(() -> new AssertionError("panel " + panel.get("title") + " queries no metric a product job has: " + expr)));
    }
    assertThat(queried).containsExactlyInAnyOrderElementsOf(PrometheusMetricsITCase.DASHBOARD_METRICS);
  }
}
