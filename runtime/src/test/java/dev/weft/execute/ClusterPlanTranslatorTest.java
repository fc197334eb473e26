package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;

/** Where a ProductMain job's lease says it runs: an address that others can ask, the same after a JobManager failover. */
class ClusterPlanTranslatorTest {

  @Test
  void onKubernetesTheLeaseNamesTheOperatorsRestServiceElseTheJobManagersRestAddress() {
    assertThat(ClusterPlanTranslator.restUrl(Configuration.fromMap(Map.of(
        "kubernetes.cluster-id", "weft-payments-payment-events-v1", "kubernetes.namespace", "mesh", "rest.address", "10.0.0.7"))))
        .hasToString("http://weft-payments-payment-events-v1-rest.mesh:8081");
    assertThat(ClusterPlanTranslator.restUrl(Configuration.fromMap(Map.of("kubernetes.cluster-id", "weft-a-b-v1"))))
        .hasToString("http://weft-a-b-v1-rest.default:8081");
    assertThat(ClusterPlanTranslator.restUrl(Configuration.fromMap(Map.of("rest.address", "127.0.0.1", "rest.port", "41234"))))
        .hasToString("http://127.0.0.1:41234");
    assertThat(ClusterPlanTranslator.restUrl(new Configuration())).hasToString("http://localhost:8081");
  }
}
