package dev.weft.cli;

import dev.weft.execute.ProductSession;
import dev.weft.access.ProductAccess;
import dev.weft.catalogreport.CatalogConnection;
import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.dev.DevStack;
import dev.weft.dev.SampleFeed;
import dev.weft.execute.TopicSchemaRegistration;
import dev.weft.registry.SchemaRegistryServer;
import dev.weft.schedule.QuartzSessionSchedules;
import dev.weft.dev.ShopDatabase;
import dev.weft.execute.EncryptionKeys;
import dev.weft.execute.KafkaClients;
import dev.weft.execute.ProductRunListener;
import dev.weft.execute.PrometheusReporting;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.Durations;
import dev.weft.trino.TrinoDistribution;
import dev.weft.trino.TrinoServer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.NewTopic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft dev [DIR]}: the whole mesh of a folder on the embedded stack, fed with sample data. */
@Command(name = "dev", description = "Start the embedded stack, feed sample data to the specs' Kafka inputs and the shop database, and run every product.")
final class DevCommand implements Callable<Integer> {
  /** Partitions of the input topics the dev stack creates for the sample data. */
  static final int SAMPLE_TOPIC_PARTITIONS = 2;
  /** How often a streaming dev session changes the shop database, so CDC products have something to capture. */
  static final java.time.Duration CHANGE_INTERVAL = java.time.Duration.ofSeconds(2);
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DevCommand.class);

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "0..1", paramLabel = "DIR", description = "Folder of product specs. Default: product-specs")
  Path folder = Path.of("product-specs");

  @Option(names = "--records", paramLabel = "N", description = "Sample records per input topic. Default: 1000.")
  int records = 1_000;

  @Option(names = "--prometheus-port", paramLabel = "PORT|FROM-TO|off", description = "Where Flink's metrics are served to Prometheus "
      + "(weft.metrics.prometheus-port; a range takes the first free port). Default: " + PrometheusReporting.DEV_PORTS)
  String prometheusPort = PrometheusReporting.DEV_PORTS;

  @Option(names = "--until-idle", description = "Process the sample data, print what was published, and stop.")
  boolean untilIdle;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Mixin PolicyFlags policies = new PolicyFlags();

  @Mixin TrinoFlags trino = new TrinoFlags();

  @Override
  public Integer call() throws Exception {
    var out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(List.of(folder));
    Configuration options = trino.addTo(flags.checkedConfiguration());
    if (!prometheusPort.equals("off")) {
      options.set(WeftOptions.METRICS_PROMETHEUS_PORT, prometheusPort);
    }
    try {
      KafkaClients.refuseSecurityForTheEmbeddedBroker(options);
    } catch (IllegalArgumentException e) {
      command.commandLine().getErr().println(e.getMessage());
      return 2;
    }
    if (policies.check(set, command.commandLine().getErr(), flags.catalogServiceUrl()) > 0) {
      return 1;
    }
    // before any service starts: a missing key is the user's to fix
    EncryptionKeys.check(set.plans(), EncryptionKeys.lookup(options));
    // an Avro product needs a schema registry: unless one is given, the stack starts its own
    boolean startRegistry = options.getOptional(WeftOptions.SCHEMA_REGISTRY_URL).isEmpty()
        && set.plans().stream().anyMatch(TopicSchemaRegistration::usesAvro);
    try (DevStack stack = DevStack.start(options, startRegistry);
        CatalogConnection catalog = CatalogConnection.open(options, Optional.of(stack.postgres()), out)) {
      ProductRunListener reporter = catalog.reporter(set, stack.runner(), options, out);
      out.println("Weft dev stack");
      out.println("  Kafka            " + stack.kafka().bootstrapServers());
      out.println("  Iceberg catalog  " + stack.catalog().jdbcUrl() + " (JDBC catalog '" + stack.catalog().name() + "')");
      out.println("  warehouse        " + stack.catalog().warehouse());
      options.getOptional(WeftOptions.METRICS_PROMETHEUS_PORT).ifPresent(port -> out.println("  Prometheus       http://localhost:"
          + port + "/metrics" + (port.contains("-") ? " (the first free port of the range)" : "") + "; dashboard deploy/grafana/weft-products.json"));
      stack.schemaRegistry().ifPresent(registry -> out.println("  schema registry  " + registry.confluentApi()
          + " (Apicurio Registry " + SchemaRegistryServer.VERSION + ", Confluent-compatible API; log " + registry.log() + ")"));
      stack.trino().ifPresent(server -> {
        server.applyAccessRules(ProductAccess.of(set));
        printTrino(server, flags.workDir, out);
      });
      SampleFeed feed = feedSampleData(stack, set.plans(), out);
      out.println("  shop database    " + stack.shop().url() + " (" + ShopDatabase.CUSTOMERS + " customers to start with"
          + (untilIdle ? ")" : "; a change every " + Durations.format(CHANGE_INTERVAL) + ")"));
      if (untilIdle) {
        return new ProductSession(stack.runner(), out, new ProductStatus(stack.runner()), reporter, new QuartzSessionSchedules(stack.runner())).run(set.plans(), true);
      }
      ScheduledExecutorService changes = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "weft-dev-shop-changes"));
      try {
        changes.scheduleWithFixedDelay(() -> trickle(feed), CHANGE_INTERVAL.toMillis(), CHANGE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        changes.scheduleWithFixedDelay(() -> changeShop(stack), CHANGE_INTERVAL.toMillis(), CHANGE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return new ProductSession(stack.runner(), out, new ProductStatus(stack.runner()), reporter, new QuartzSessionSchedules(stack.runner())).run(set.plans(), false);
      } finally {
        changes.shutdownNow();
        changes.awaitTermination(5, TimeUnit.SECONDS);
        feed.close();
      }
    }
  }

  /** Where analysts connect: weft query, the Trino CLI, any JDBC client (BI tools). */
  private static void printTrino(TrinoServer trino, String workDir, java.io.PrintWriter out) {
    String cli = "trino-cli-" + TrinoDistribution.VERSION + "-executable.jar";
    out.println("  Trino            " + trino.jdbcUrl() + " (any user name, no password; server log " + trino.serverLog() + ")");
    out.println("                   weft query \"SHOW SCHEMAS FROM iceberg\"" + (workDir == null ? "" : " --work-dir " + workDir));
    out.println("                   java -jar " + cli + " --server " + trino.httpUri() + " --catalog iceberg   (the CLI: "
        + "mvn dependency:copy -Dartifact=io.trino:trino-cli:" + TrinoDistribution.VERSION + ":jar:executable -DoutputDirectory=.)");
    out.println("                   BI tools: the Trino JDBC driver (io.trino:trino-jdbc:" + TrinoDistribution.VERSION + ") with the URL above");
    out.println("  Trino access     " + trino.admin().map(admin -> "as " + admin + " (you): everything; as a domain's user "
        + "(weft query --user orders): what `weft access --format trino-rules` gives it; rules in " + trino.accessRules().orElseThrow())
        .orElse("none: every user reads and writes everything (--no-trino-access-control)"));
  }

  private static void changeShop(DevStack stack) {
    try {
      LOG.debug("shop database: {}", stack.shop().change());
    } catch (java.sql.SQLException e) {
      LOG.warn("shop database: change failed: {}", e.getMessage());
    }
  }

  /** One record per second per Kafka input while the mesh streams (two every {@link #CHANGE_INTERVAL}), stamped as sent. */
  private static void trickle(SampleFeed feed) {
    try {
      feed.trickle((int) CHANGE_INTERVAL.toSeconds());
    } catch (RuntimeException e) {
      LOG.warn("sample data: sending more failed: {}", e.getMessage());
    }
  }

  /** The first batch of sample records, the last stamped now; the feed goes on sending while the mesh streams. */
  private SampleFeed feedSampleData(DevStack stack, List<ProductPlan> plans, java.io.PrintWriter out) throws Exception {
    Set<String> productTopics = plans.stream().map(p -> p.names().topic()).collect(Collectors.toSet());
    // products reading the same topic may read different columns of it: samples have them all
    Map<String, InputPlan.Kafka> sourceInputs = plans.stream()
        .flatMap(p -> p.inputs().stream())
        .filter(i -> i instanceof InputPlan.Kafka && !productTopics.contains(i.topic()))
        .map(InputPlan.Kafka.class::cast)
        .collect(Collectors.toMap(InputPlan::topic, i -> i, DevCommand::withColumnsOfBoth, java.util.TreeMap::new));
    Set<String> existing = stack.runner().admin().listTopics().names().get();
    for (InputPlan.Kafka input : sourceInputs.values()) {
      if (!existing.contains(input.topic())) {
        stack.runner().admin().createTopics(List.of(new NewTopic(input.topic(), SAMPLE_TOPIC_PARTITIONS, (short) 1))).all().get();
      }
    }
    SampleFeed feed = new SampleFeed(stack.kafka().clientProperties(), sourceInputs.values(), java.time.Clock.systemUTC(),
        stack.runner().options().getOptional(WeftOptions.SCHEMA_REGISTRY_URL));
    feed.batch(records);
    sourceInputs.keySet().forEach(topic -> out.println("  sample data      " + records + " records -> " + topic));
    out.flush();
    return feed;
  }

  private static InputPlan.Kafka withColumnsOfBoth(InputPlan.Kafka a, InputPlan.Kafka b) {
    List<ColumnSpec> columns = new java.util.ArrayList<>(a.columns());
    b.columns().stream().filter(c -> a.columns().stream().noneMatch(known -> known.name().equals(c.name()))).forEach(columns::add);
    return new InputPlan.Kafka(a.name(), a.topic(), columns, a.startingOffsets(), a.watermark(), a.format());
  }
}
