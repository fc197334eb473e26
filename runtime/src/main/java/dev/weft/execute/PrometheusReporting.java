package dev.weft.execute;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ConfigConstants;

/**
 * Flink's Prometheus reporter ({@code flink-metrics-prometheus}), on for every cluster Weft starts or
 * describes: {@code weft dev}'s MiniCluster and the Kubernetes resources. It serves every metric of
 * the JobManager and TaskManagers at {@code http://host:9249/metrics}, Flink's default port for it.
 */
public final class PrometheusReporting {
  public static final int PORT = 9249;
  /** weft dev's ports: the first free one of these, so two dev sessions on one machine both serve. */
  public static final String DEV_PORTS = "9249-9259";
  static final String REPORTER = "prom";

  private PrometheusReporting() {}

  /** Switches the reporter on in {@code cluster}, serving on {@code port} (a range such as {@code 9249-9259} takes the first free one). */
  public static void configure(Configuration cluster, String port) {
    // keys as Flink's docs spell them: metrics.reporter.prom.factory.class, metrics.reporter.prom.port
    cluster.setString(ConfigConstants.METRICS_REPORTER_PREFIX + REPORTER + ".factory.class",
        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
    cluster.setString(ConfigConstants.METRICS_REPORTER_PREFIX + REPORTER + ".port", port);
  }

  /** On the default port, for clusters with one process per pod. */
  public static void configure(Configuration cluster) {
    configure(cluster, String.valueOf(PORT));
  }
}
