package dev.weft.execute;

import dev.weft.plan.BatchWindow;
import dev.weft.translate.FlinkJobBuilder;
import dev.weft.plan.InputPlan;
import dev.weft.translate.JobSettings;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.source.cdc.CapturedTable;
import dev.weft.plan.CronWindows;
import dev.weft.spec.References;
import dev.weft.jobs.sink.CommitSettings;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.contrib.streaming.state.RocksDBOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs product plans on a local Flink cluster against a Kafka cluster and an Iceberg catalog:
 * creates the product's topics and table, checks that its inputs exist, works out where to
 * start, and submits the job.
 */
public final class ProductRunner implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProductRunner.class);

  private final FlinkCluster cluster;
  private final Properties kafka;
  private final IcebergCatalogSettings catalogSettings;
  private final Configuration options;
  private final Admin admin;
  private final Catalog catalog;
  private final UnaryOperator<String> references;
  private final WriterLeases leases;
  /** The writer lease of each job this runner started. */
  private final Map<JobID, WriterLease> started = new java.util.concurrent.ConcurrentHashMap<>();

  public ProductRunner(FlinkCluster cluster, Properties kafka, IcebergCatalogSettings catalogSettings, Configuration options) {
    // resolved as the tasks will: from WEFT_SECRET_<NAME>, else the secrets folder
    this(cluster, kafka, catalogSettings, options, options.getOptional(WeftOptions.SECRETS_DIR)
        .map(folder -> References.fromEnvironment(Path.of(folder))).orElse(References.fromEnvironment()));
  }

  /** @param references resolves the {@code ${env:…}}/{@code ${secret:…}} references of CDC inputs */
  public ProductRunner(FlinkCluster cluster, Properties kafka, IcebergCatalogSettings catalogSettings, Configuration options,
      UnaryOperator<String> references) {
    this.references = references;
    this.cluster = cluster;
    this.kafka = kafka;
    this.catalogSettings = catalogSettings;
    this.options = options;
    this.admin = Admin.create(kafka);
    this.catalog = catalogSettings.open();
    this.leases = new WriterLeases(catalogSettings, options.get(WeftOptions.LEASE_EXPIRY));
  }

  /** Creates the outputs of every plan first, so products that read each other can start in any order. */
  public void provision(List<ProductPlan> plans) {
    TopicProvisioner topics = new TopicProvisioner(admin);
    for (ProductPlan plan : plans) {
      topics.provision(plan);
      IcebergTables.createIfMissing(catalog, plan);
    }
  }

  /**
   * Starts a product: a stream product continues from the newest checkpoint any of its runs left
   * (or from what its table records), and runs until stopped or, {@code untilIdle}, until it has
   * read what its inputs hold now; a batch product runs once over its latest window.
   */
  public RunningProduct start(ProductPlan plan, boolean untilIdle, Optional<String> restoreFrom) {
    Optional<BatchWindow> window = plan.batchCron().map(cron -> new CronWindows(cron).latest(Instant.now()));
    return start(plan, untilIdle, restoreFrom, window, false);
  }

  /**
   * Starts a stream product on a session cluster and leaves it running after this process ends
   * ({@code weft deploy}): its job keeps the product's writer lease while the cluster runs it, and
   * carries no session parameter ({@link ProductJobs#SESSION}), as no session cancels it.
   */
  public RunningProduct startDeployed(ProductPlan plan, Optional<String> restoreFrom) {
    RunningProduct started = start(plan, false, restoreFrom, Optional.empty(), true);
    leaveRunning(started);
    return started;
  }

  /** Runs a batch product once over the given window (a backfill, a scheduled run). */
  public RunningProduct runBatch(ProductPlan plan, BatchWindow window) {
    if (!plan.batch()) {
      throw new IllegalArgumentException("product " + plan.product() + " is a stream product; only batch products run over a window");
    }
    return start(plan, true, Optional.empty(), Optional.of(window), false);
  }

  /** @param deployed left running when this process ends, rather than by a session that cancels it */
  private RunningProduct start(ProductPlan plan, boolean untilIdle, Optional<String> restoreFrom, Optional<BatchWindow> window, boolean deployed) {
    EncryptionKeys.check(List.of(plan), secrets()); // before anything of the product is created
    if (!plan.batch()) {
      TransactionTimeoutCheck.check(plan.product(), options, admin);
    }
    // one writer per product: before its positions are read or its slots touched
    JobID jobId = new JobID();
    // a job on a session cluster holds the product while the cluster runs it, whatever becomes of this process
    LeaseHolder holder = cluster.restUrl().map(url -> LeaseHolder.clusterJob(jobId, url)).orElseGet(() -> LeaseHolder.local(jobId));
    WriterLease lease = leases.acquire(plan.versionedName(), holder);
    try {
      RunningProduct product = start(plan, untilIdle, restoreFrom, window, jobId, deployed);
      lease.watch(() -> cluster.isRunning() && !cluster.status(jobId).isGloballyTerminalState());
      started.put(jobId, lease);
      if (cluster.restUrl().isEmpty()) {
        // a job of this process gives the product up as soon as it ends, not at the next heartbeat, so that another
        // process may start it at once; off the cluster's thread that completes the result, since this talks to the catalog
        cluster.result(jobId).whenCompleteAsync((result, failure) -> {
          if (started.remove(jobId, lease)) {
            leases.release(lease);
          }
        });
      }
      return product;
    } catch (RuntimeException e) {
      leases.release(lease);
      throw e;
    }
  }

  private RunningProduct start(ProductPlan plan, boolean untilIdle, Optional<String> restoreFrom, Optional<BatchWindow> window, JobID jobId,
      boolean deployed) {
    // an Avro topic's schemas first: a schema the registry refuses stops the product before anything is published
    var topicSchemas = TopicSchemaRegistration.register(plan, TopicSchemaRegistration.registryFor(plan, options));
    provision(List.of(plan));
    // a batch run reads upstream products from their tables, not their topics
    Set<String> inputTopics = plan.inputs().stream()
        .filter(i -> i instanceof InputPlan.Kafka || i instanceof InputPlan.Upstream && !plan.batch())
        .map(InputPlan::topic).collect(Collectors.toSet());
    if (plan.batch()) {
      for (InputPlan input : plan.inputs()) {
        if (input instanceof InputPlan.Upstream upstream && !catalog.tableExists(TableIdentifier.parse(upstream.table()))) {
          throw new IllegalStateException("product " + plan.product() + " reads the table " + upstream.table() + " of product "
              + upstream.product() + ", which does not exist yet; run that product first");
        }
      }
    }
    List<String> missing = new TopicProvisioner(admin).missing(inputTopics);
    if (!missing.isEmpty()) {
      throw new IllegalStateException("product " + plan.product() + " reads topic(s) " + String.join(", ", missing)
          + ", which do not exist on " + kafka.getProperty("bootstrap.servers") + "; create them or run the upstream product first");
    }
    Map<String, CapturedTable> changeSources = changeSources(plan);
    changeSources.forEach((input, source) -> ChangeSourcePreflight.check(plan, input, source));
    ChangeSources.checkTasksFindPasswords(plan, secrets());
    Table table = IcebergTables.load(catalog, plan);
    // a batch run reads its inputs whole every time: no state, no positions to continue from
    boolean batch = plan.batch();
    // a CDC product's first run until idle reads a snapshot of its tables and finishes (ChangeInputStarts)
    boolean snapshotOnly = untilIdle && ChangeInputStarts.takesFirstSnapshot(plan, table, changeSources);
    boolean bounded = batch || snapshotOnly;
    // every other start continues from the newest checkpoint of any run of the product: its state (joins,
    // changelogs) comes back with it, and what it holds pending is committed before anything more is read
    Optional<String> restore = restoreFrom.or(() -> bounded
        ? Optional.empty()
        : RetainedCheckpoints.newest(checkpointDirectory(plan), table).map(p -> p.toUri().toString()));
    restore.filter(p -> restoreFrom.isEmpty()).ifPresent(p -> LOG.info("Product {} continues from checkpoint {}", plan.product(), p));
    ChangeInputStarts starts = batch
        ? new ChangeInputStarts(Set.of(), Map.of())
        : ChangeInputStarts.decide(plan, table, changeSources, snapshotOnly);
    // captured before the job starts: what a run until idle reads at least
    Optional<InputEnds> ends = untilIdle && !bounded ? Optional.of(InputEnds.capture(plan, admin, table, changeSources)) : Optional.empty();
    JobSettings settings = ProductJobSettings.of(
        options,
        KafkaClients.forJobsOf(plan.domain(), kafka, options), // the owner domain's principal, its password resolved in the tasks
        catalogSettings.taskLoader(secrets()), // a password reference stays one in the job graph
        restore.isPresent() || batch ? Map.of() : StartingPositions.of(plan, table),
        changeSources,
        starts,
        bounded,
        window,
        secrets(),
        CommitOptions.of(options, checkpointDirectory(plan)).withTopicCommittedThrough(restore
            .map(path -> RetainedCheckpoints.topicCommittedThrough(path, table)).orElse(CommitSettings.NONE_KNOWN)),
        topicSchemas);
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(jobConfiguration(plan));
    // a deploy sees from this that a session owns the job, and cancels it when it ends
    env.getConfig().setGlobalJobParameters(deployed ? ProductJobs.parameters(plan)
        : ProductJobs.parameters(plan, "the weft process " + ProcessHandle.current().pid() + " on " + LeaseHolder.thisHost()));
    env.setParallelism(settings.parallelism());
    FlinkJobBuilder.build(env, plan, settings);
    StreamGraph graph = env.getStreamGraph();
    graph.setJobName(ProductJobs.jobName(plan));
    restore.ifPresent(path -> graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(path, false)));
    JobGraph job = graph.getJobGraph();
    job.setJobID(jobId);
    CheckpointCompatibility.check(plan, graph, job, checkpointDirectory(plan), options);
    var id = cluster.submit(job);
    LOG.info("Product {} started as Flink job {}", plan.product(), id);
    if (ends.isPresent()) {
      return new RunningProduct(plan, id, cluster,
          // beside the run's checkpoints: the job folder names the run that a later start restores
          UntilIdleStop.start(plan, id, cluster, table, ends.get(), kafka, checkpointDirectory(plan).resolve(id.toString())));
    }
    return new RunningProduct(plan, id, cluster);
  }

  /** Where products' tasks find the keys of encrypt masks. */
  public SecretLookup secrets() {
    return EncryptionKeys.lookup(options);
  }

  /** The tables the plan's CDC inputs read, with this runner's references resolved. */
  public Map<String, CapturedTable> changeSources(ProductPlan plan) {
    return ChangeSources.resolve(plan, references);
  }

  /** Where a product's checkpoints are kept, so a run can be restored from one. */
  public Path checkpointDirectory(ProductPlan plan) {
    return checkpointDirectory(options.get(WeftOptions.WORK_DIR), plan);
  }

  /** Where a product's checkpoints are kept under the work dir {@code workDir}. */
  public static Path checkpointDirectory(String workDir, ProductPlan plan) {
    return Path.of(workDir).toAbsolutePath().resolve("checkpoints").resolve(plan.names().topic());
  }

  private Configuration jobConfiguration(ProductPlan plan) {
    return jobConfiguration(options, checkpointDirectory(plan));
  }

  /**
   * How every product job runs: exactly-once checkpoints at the configured interval, retained on
   * cancellation (a later run can be restored from one), and exponential-delay restarts.
   */
  public static Configuration jobConfiguration(Configuration options, Path checkpoints) {
    Configuration config = new Configuration();
    config.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, options.get(WeftOptions.CHECKPOINT_INTERVAL));
    config.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
    config.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
    config.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    if (options.get(WeftOptions.STATE_BACKEND) == WeftOptions.StateBackendKind.HEAP) {
      config.set(StateBackendOptions.STATE_BACKEND, "hashmap"); // else FlinkJobBuilder picks RocksDB for jobs that keep state
    }
    // RocksDB's working files on the work dir's disk, not in java.io.tmpdir (often a small tmpfs)
    config.set(RocksDBOptions.LOCAL_DIRECTORIES, Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath().resolve("rocksdb").toString());
    ExponentialRestarts.configure(config, options);
    return config;
  }

  /** The options products started from now on run with; changing them does not touch running products. */
  public Configuration options() {
    return options;
  }

  /** The writer leases of products this runner starts, for executors that submit elsewhere (WriterLeases#acquire before a submit). */
  public WriterLeases leases() {
    return leases;
  }

  /**
   * Leaves a product started on a session cluster running after this process ends ({@code weft
   * deploy}): its job keeps the product's writer lease while the cluster runs it.
   */
  public void leaveRunning(RunningProduct product) {
    WriterLease lease = started.remove(product.jobId());
    if (lease != null) {
      leases.handOver(lease);
    }
  }

  /** The cluster products are submitted to. */
  public FlinkCluster cluster() {
    return cluster;
  }

  public IcebergCatalogSettings catalogSettings() {
    return catalogSettings;
  }

  public Catalog catalog() {
    return catalog;
  }

  /** Client properties of the Kafka cluster products run against. */
  public Properties kafka() {
    Properties copy = new Properties();
    copy.putAll(kafka);
    return copy;
  }

  public Admin admin() {
    return admin;
  }

  @Override
  public void close() throws Exception {
    leases.close();
    admin.close();
    if (catalog instanceof AutoCloseable closeable) {
      closeable.close();
    }
  }
}
