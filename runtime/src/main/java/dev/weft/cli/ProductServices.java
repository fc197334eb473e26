package dev.weft.cli;

import dev.weft.catalogreport.CatalogConnection;
import dev.weft.dev.DevStack;
import dev.weft.dev.EmbeddedPostgres;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.KafkaClients;
import dev.weft.execute.FlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.References;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;

/**
 * What commands that run products run them against: the Kafka cluster and Iceberg catalog the
 * flags name, or, with neither, the embedded stack; a local Flink cluster either way.
 */
final class ProductServices implements AutoCloseable {
  private final AutoCloseable resources;
  private final ProductRunner runner;
  private final Configuration options;
  private final Optional<EmbeddedPostgres> embedded;
  private final PrintWriter out;
  private CatalogConnection catalog;

  private ProductServices(AutoCloseable resources, ProductRunner runner, Configuration options, Optional<EmbeddedPostgres> embedded,
      PrintWriter out) {
    this.resources = resources;
    this.runner = runner;
    this.options = options;
    this.embedded = embedded;
    this.out = out;
  }

  /**
   * @throws IllegalArgumentException when only one of --kafka and --catalog-uri is given, or Kafka
   *     security flags without --kafka or that do not go together
   */
  static ProductServices open(Configuration options, PrintWriter out) {
    boolean external = options.getOptional(WeftOptions.KAFKA_BOOTSTRAP_SERVERS).isPresent();
    if (external != options.getOptional(WeftOptions.CATALOG_URI).isPresent()) {
      throw new IllegalArgumentException(
          "--kafka and --catalog-uri go together: give both to use your own services, or neither for the embedded ones");
    }
    if (!external) {
      KafkaClients.refuseSecurityForTheEmbeddedBroker(options);
      DevStack stack = DevStack.start(options);
      out.println("embedded stack: Kafka " + stack.kafka().bootstrapServers()
          + ", Iceberg catalog " + stack.catalog().jdbcUrl() + " (catalog name " + stack.catalog().name() + ")");
      return new ProductServices(stack, stack.runner(), options, Optional.of(stack.postgres()), out);
    }
    Properties kafka = KafkaClients.properties(options, References.fromEnvironment());
    FlinkCluster flink = FlinkCluster.open(options);
    ProductRunner runner = new ProductRunner(flink, kafka, IcebergCatalogSettings.external(options), options);
    return new ProductServices(() -> {
      try (flink; runner) {
        // closes the runner, then the cluster
      }
    }, runner, options, Optional.empty(), out);
  }

  ProductRunner runner() {
    return runner;
  }

  /**
   * The catalog service products are registered with, connected (or started in-process) on first
   * use, so commands that register nothing start no catalog.
   *
   * @throws IllegalArgumentException on a bad --catalog-url or a missing token
   */
  CatalogConnection catalog() {
    if (catalog == null) {
      catalog = CatalogConnection.open(options, embedded, out);
    }
    return catalog;
  }

  @Override
  public void close() throws Exception {
    try (resources) {
      if (catalog != null) {
        // first: the in-process catalog's database is on the embedded PostgreSQL
        catalog.close();
      }
    }
  }
}
