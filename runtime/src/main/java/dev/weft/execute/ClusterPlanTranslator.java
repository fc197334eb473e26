package dev.weft.execute;

import dev.weft.jobs.PlanTranslator;
import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.sink.CommitSettings;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.plan.PlanJson;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.References;
import dev.weft.translate.FlinkJobBuilder;
import dev.weft.translate.JobSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.clients.admin.Admin;

/**
 * Builds a product's job inside a Flink cluster from its plan JSON ({@code dev.weft.jobs.ProductMain}):
 * Kafka, the Iceberg catalog and secrets from the {@code weft.*} options of the cluster's
 * configuration (the FlinkDeployments that {@code weft deploy --target kubernetes} writes carry
 * them), references resolved where the job runs. Its outputs are created if missing, as a local
 * start does; a start the cluster restores from a checkpoint or savepoint ({@code
 * execution.state-recovery.path}, set by the Kubernetes operator) continues from it, any other from
 * what the product's table records.
 */
public final class ClusterPlanTranslator implements PlanTranslator {
  // flink-kubernetes's options, by key: the image has that module, Weft's class path does not
  private static final ConfigOption<String> KUBERNETES_CLUSTER_ID = ConfigOptions.key("kubernetes.cluster-id").stringType().noDefaultValue();
  private static final ConfigOption<String> KUBERNETES_NAMESPACE = ConfigOptions.key("kubernetes.namespace").stringType().defaultValue("default");

  @Override
  public String translate(String planJson, StreamExecutionEnvironment env) {
    ProductPlan plan = PlanJson.read(planJson);
    if (plan.batch()) {
      throw new IllegalArgumentException("product " + plan.product() + " is a batch product: weft run runs it on its cron "
          + plan.batchCron().orElseThrow() + ", not as a job of its own");
    }
    Configuration options = Configuration.fromMap(env.getConfiguration().toMap());
    UnaryOperator<String> references = options.getOptional(WeftOptions.SECRETS_DIR)
        .map(folder -> References.fromEnvironment(Path.of(folder))).orElse(References.fromEnvironment());
    Properties kafka = KafkaClients.properties(options, references);
    IcebergCatalogSettings catalogSettings = IcebergCatalogSettings.external(options);
    SecretLookup secrets = EncryptionKeys.lookup(options);
    EncryptionKeys.check(List.of(plan), secrets);
    Catalog catalog = catalogSettings.open();
    try {
      build(env, plan, options, references, kafka, catalogSettings, secrets, provision(plan, kafka, catalog));
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          // the job is built; a catalog that does not close cleanly loses nothing
        }
      }
    }
    return ProductJobs.jobName(plan);
  }

  @Override
  public AutoCloseable holdWriterLease(String planJson, JobID job, ReadableConfig cluster) {
    ProductPlan plan = PlanJson.read(planJson);
    Configuration options = Configuration.fromMap(cluster.toMap());
    WriterLeases leases = new WriterLeases(IcebergCatalogSettings.external(options), options.get(WeftOptions.LEASE_EXPIRY));
    try {
      leases.acquire(plan.versionedName(), LeaseHolder.clusterJob(job, restUrl(options)));
    } catch (RuntimeException refused) {
      leases.close();
      throw refused;
    }
    return leases; // closing it gives the lease up
  }

  /**
   * Where others ask whether the job runs: on Kubernetes the REST service the operator makes for the
   * cluster ({@code <cluster-id>-rest.<namespace>}, the same after a JobManager failover), else the
   * JobManager's REST address.
   */
  static URI restUrl(Configuration options) {
    int port = options.get(RestOptions.PORT);
    Optional<String> kubernetes = options.getOptional(KUBERNETES_CLUSTER_ID);
    String host = kubernetes.map(id -> id + "-rest." + options.get(KUBERNETES_NAMESPACE))
        .or(() -> options.getOptional(RestOptions.ADDRESS))
        .or(() -> options.getOptional(JobManagerOptions.ADDRESS))
        .orElse("localhost");
    return URI.create("http://" + host + ":" + port);
  }

  /** @param table the product's table, whose recorded positions a first start continues from */
  private static void build(StreamExecutionEnvironment env, ProductPlan plan, Configuration options, UnaryOperator<String> references,
      Properties kafka, IcebergCatalogSettings catalogSettings, SecretLookup secrets, Table table) {
    Map<String, CapturedTable> changeSources = ChangeSources.resolve(plan, references);
    Optional<String> restore = options.getOptional(StateRecoveryOptions.SAVEPOINT_PATH);
    String checkpoints = options.getOptional(CheckpointingOptions.CHECKPOINTS_DIRECTORY).orElse("(the cluster's state.checkpoints.dir)");
    JobSettings settings = ProductJobSettings.of(
        options,
        KafkaClients.forJobsOf(plan.domain(), kafka, options),
        catalogSettings.taskLoader(secrets), // a password reference stays one in the job graph
        restore.isPresent() ? Map.of() : StartingPositions.of(plan, table),
        changeSources,
        ChangeInputStarts.decide(plan, table, changeSources, false),
        false,
        Optional.empty(),
        secrets,
        CommitOptions.of(options, checkpoints).withTopicCommittedThrough(restore
            .map(path -> RetainedCheckpoints.topicCommittedThrough(path, table)).orElse(CommitSettings.NONE_KNOWN)),
        // an Avro topic's schemas, registered here as weft run registers them (the same schema gets the same id)
        TopicSchemaRegistration.register(plan, TopicSchemaRegistration.registryFor(plan, options)));
    env.configure(jobConfiguration(options));
    env.getConfig().setGlobalJobParameters(ProductJobs.parameters(plan));
    env.setParallelism(options.getOptional(CoreOptions.DEFAULT_PARALLELISM).orElse(settings.parallelism()));
    FlinkJobBuilder.build(env, plan, settings);
  }

  /** Its topics and table, created if missing. */
  private static Table provision(ProductPlan plan, Properties kafka, Catalog catalog) {
    try (Admin admin = Admin.create(kafka)) {
      new TopicProvisioner(admin).provision(plan);
    }
    return IcebergTables.createIfMissing(catalog, plan);
  }

  /** As {@link ProductRunner#jobConfiguration} for local runs, but checkpoints go where the cluster's configuration says. */
  private static Configuration jobConfiguration(Configuration options) {
    Configuration job = new Configuration();
    job.set(CheckpointingOptions.CHECKPOINTING_INTERVAL,
        options.getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL).orElse(options.get(WeftOptions.CHECKPOINT_INTERVAL)));
    job.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    job.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (options.get(WeftOptions.STATE_BACKEND) == WeftOptions.StateBackendKind.HEAP) {
      job.set(StateBackendOptions.STATE_BACKEND, "hashmap");
    }
    ExponentialRestarts.configure(job, options);
    return job;
  }
}
