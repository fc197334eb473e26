package dev.weft.dev;

import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.FlinkCluster;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.S3Warehouse;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.References;
import dev.weft.registry.SchemaRegistryServer;
import dev.weft.trino.TrinoServer;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded default, in one JVM: a KRaft Kafka broker, PostgreSQL holding the Iceberg JDBC
 * catalog and the demo shop database (logical decoding on, for CDC), a warehouse on local disk and
 * a Flink MiniCluster. Nothing to install but a JDK.
 */
public final class DevStack implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DevStack.class);

  private final EmbeddedKafka kafka;
  private final EmbeddedPostgres postgres;
  private final FlinkCluster flink;
  private final IcebergCatalogSettings catalog;
  private final ShopDatabase shop;
  private final ProductRunner runner;
  private final Optional<TrinoServer> trino;
  private final Optional<SchemaRegistryServer> schemaRegistry;
  private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

  private DevStack(EmbeddedKafka kafka, EmbeddedPostgres postgres, FlinkCluster flink, IcebergCatalogSettings catalog, Configuration options,
      Optional<TrinoServer> trino, Optional<SchemaRegistryServer> schemaRegistry) {
    this.kafka = kafka;
    this.trino = trino;
    this.schemaRegistry = schemaRegistry;
    this.postgres = postgres;
    this.flink = flink;
    this.catalog = catalog;
    this.shop = ShopDatabase.open(postgres);
    this.runner = new ProductRunner(flink, kafka.clientProperties(), catalog, shop.withSecretsForTasks(options),
        References.fromEnvironment(shop.environment(), shop.secrets()));
    // Ctrl-C skips try-with-resources; PostgreSQL is a child process and must not outlive us
    Runtime.getRuntime().addShutdownHook(new Thread(this::closeQuietly, "weft-dev-stack-shutdown"));
  }

  private void closeQuietly() {
    try {
      close();
    } catch (Exception e) {
      LOG.warn("Dev stack did not stop cleanly: {}", e.getMessage());
    }
  }

  private static void closeQuietly(AutoCloseable... parts) {
    for (AutoCloseable part : parts) {
      try {
        part.close();
      } catch (Exception e) {
        LOG.warn("{} did not stop cleanly: {}", part.getClass().getSimpleName(), e.getMessage());
      }
    }
  }

  /**
   * Starts the stack with its data under {@code weft.work-dir}, from nothing: what an earlier
   * stack left there is cleared first ({@link EarlierDevRun}), since its broker's records are gone.
   */
  public static DevStack start(Configuration options) {
    return start(options, false);
  }

  /**
   * @param withSchemaRegistry also start a schema registry (Avro products) and point the products at it
   *     ({@code weft.schema-registry.url}); it starts while the other services do
   */
  public static DevStack start(Configuration options, boolean withSchemaRegistry) {
    Path work = Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath();
    if (options.get(WeftOptions.TRINO_ENABLED)) {
      TrinoServer.checkPrerequisites(options); // before anything starts: a missing JDK is the user's to fix
    }
    if (withSchemaRegistry) {
      SchemaRegistryServer.checkPrerequisites(options);
    }
    // S3 options that are wrong are the user's to fix before anything starts
    S3Warehouse.of(options, IcebergCatalogSettings.warehouse(options));
    EarlierDevRun.clear(work);
    Optional<SchemaRegistryServer> registry = withSchemaRegistry
        ? Optional.of(SchemaRegistryServer.launch(options, work.resolve("schema-registry"))) : Optional.empty();
    // first: a session cluster that cannot be reached is the user's to fix, before anything starts;
    // its TaskManagers reach the embedded Kafka and PostgreSQL on this machine
    FlinkCluster flink;
    try {
      flink = FlinkCluster.open(options);
    } catch (RuntimeException e) {
      registry.ifPresent(SchemaRegistryServer::close);
      throw e;
    }
    EmbeddedKafka kafka = EmbeddedKafka.start();
    EmbeddedPostgres postgres = EmbeddedPostgres.start(postgresDirectory(work));
    IcebergCatalogSettings catalog = IcebergCatalogSettings.of(options, postgres.jdbcUrl(), postgres.user(), "");
    LOG.info("Dev stack up: Kafka {}, Iceberg catalog {} (warehouse {})", kafka.bootstrapServers(), postgres.jdbcUrl(), catalog.warehouse());
    Optional<TrinoServer> trino = Optional.empty();
    try {
      if (options.get(WeftOptions.TRINO_ENABLED)) {
        trino = Optional.of(TrinoServer.start(options, trinoDirectory(options), catalog));
      }
      if (registry.isPresent()) {
        registry.get().awaitReady();
        options = new Configuration(options);
        options.set(WeftOptions.SCHEMA_REGISTRY_URL, registry.get().confluentApi());
      }
    } catch (RuntimeException e) {
      trino.ifPresent(TrinoServer::close);
      registry.ifPresent(SchemaRegistryServer::close);
      closeQuietly(flink, kafka, postgres);
      throw e;
    }
    return new DevStack(kafka, postgres, flink, catalog, options, trino, registry);
  }

  /** Where the embedded PostgreSQL keeps its data (Iceberg catalog, demo shop, replication slots) in a work directory. */
  public static Path postgresDirectory(Path work) {
    return work.resolve("postgres");
  }

  /** Where the embedded Trino keeps its config, data and log, and names its JDBC URL while it runs. */
  public static Path trinoDirectory(Configuration options) {
    return Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath().resolve("trino");
  }

  public EmbeddedKafka kafka() {
    return kafka;
  }

  public EmbeddedPostgres postgres() {
    return postgres;
  }

  /** The demo shop database the example CDC products capture. */
  public ShopDatabase shop() {
    return shop;
  }

  public IcebergCatalogSettings catalog() {
    return catalog;
  }

  public ProductRunner runner() {
    return runner;
  }

  public FlinkCluster flink() {
    return flink;
  }

  /** The Trino coordinator, if the stack was started with {@code weft.trino.enabled}. */
  public Optional<TrinoServer> trino() {
    return trino;
  }

  /** The schema registry, if the stack was started with one. */
  public Optional<SchemaRegistryServer> schemaRegistry() {
    return schemaRegistry;
  }

  @Override
  public void close() throws Exception {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    trino.ifPresent(TrinoServer::close);
    schemaRegistry.ifPresent(SchemaRegistryServer::close);
    runner.close();
    flink.close();
    kafka.close();
    postgres.close();
  }
}
