package dev.weft.cli;

import dev.weft.dev.DevStack;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.LocalFlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import java.io.PrintWriter;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;

/**
 * What commands that run products run them against: the Kafka cluster and Iceberg catalog the
 * flags name, or, with neither, the embedded stack; a local Flink cluster either way.
 */
final class ProductServices implements AutoCloseable {
  private final AutoCloseable resources;
  private final ProductRunner runner;

  private ProductServices(AutoCloseable resources, ProductRunner runner) {
    this.resources = resources;
    this.runner = runner;
  }

  /** @throws IllegalArgumentException when only one of --kafka and --catalog-uri is given */
  static ProductServices open(Configuration options, PrintWriter out) {
    boolean external = options.getOptional(WeftOptions.KAFKA_BOOTSTRAP_SERVERS).isPresent();
    if (external != options.getOptional(WeftOptions.CATALOG_URI).isPresent()) {
      throw new IllegalArgumentException(
          "--kafka and --catalog-uri go together: give both to use your own services, or neither for the embedded ones");
    }
    if (!external) {
      DevStack stack = DevStack.start(options);
      out.println("embedded stack: Kafka " + stack.kafka().bootstrapServers()
          + ", Iceberg catalog " + stack.catalog().jdbcUrl() + " (catalog name " + stack.catalog().name() + ")");
      return new ProductServices(stack, stack.runner());
    }
    Properties kafka = new Properties();
    kafka.setProperty("bootstrap.servers", options.get(WeftOptions.KAFKA_BOOTSTRAP_SERVERS));
    LocalFlinkCluster flink = LocalFlinkCluster.start(LocalFlinkCluster.DEFAULT_SLOTS);
    ProductRunner runner = new ProductRunner(flink, kafka, IcebergCatalogSettings.external(options), options);
    return new ProductServices(() -> {
      try (flink; runner) {
        // closes the runner, then the cluster
      }
    }, runner);
  }

  ProductRunner runner() {
    return runner;
  }

  @Override
  public void close() throws Exception {
    resources.close();
  }
}
