package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RemoteFlinkClusterTest {

  @Test
  void aFailureIsTheFirstOneWeftRaisedInTheClustersStackTrace() {
    String trace = """
        org.apache.flink.runtime.JobException: Recovery is suppressed by NoRestartBackoffTimeStrategy
        \tat org.apache.flink.runtime.executiongraph.failover.ExecutionFailureHandler.handleFailure(ExecutionFailureHandler.java:219)
        Caused by: dev.weft.jobs.quality.QualityViolationException: record 7 breaks rule positive-amount
        \tat dev.weft.jobs.quality.RuleSplitter.processElement(RuleSplitter.java:80)
        Caused by: java.lang.ArithmeticException: / by zero
        \t... 12 more
        """;
    assertThat(RemoteFlinkCluster.userFailure(trace)).isEqualTo("dev.weft.jobs.quality.QualityViolationException: record 7 breaks rule positive-amount");
  }

  @Test
  void withoutOneOfWeftsItIsTheInnermostCause() {
    String trace = """
        org.apache.flink.runtime.JobException: Recovery is suppressed
        \tat org.apache.flink.runtime.scheduler.DefaultScheduler.handleTaskFailure(DefaultScheduler.java:1)
        Caused by: java.net.ConnectException: Connection refused
        \tat java.base/sun.nio.ch.Net.pollConnect(Native Method)
        """;
    assertThat(RemoteFlinkCluster.userFailure(trace)).isEqualTo("java.net.ConnectException: Connection refused");
  }

  @Test
  void anAddressThatIsNotHttpHostPortIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> RemoteFlinkCluster.connect("localhost:8081"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--flink localhost:8081: give the REST address of the Flink JobManager as http://host:port, "
            + "e.g. http://127.0.0.1:8081 (deploy/flink/cluster.sh start prints it)");
  }
}
