package dev.weft.cli;

import dev.weft.catalogreport.CatalogConnection;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.S3Warehouse;
import dev.weft.execute.WeftOptions;
import java.time.Duration;
import org.apache.flink.configuration.Configuration;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Flags shared by the commands that run products; each sets one {@link WeftOptions} option. */
final class RuntimeFlags {
  @Mixin KafkaFlags kafka = new KafkaFlags();

  @Option(names = "--catalog-uri", paramLabel = "JDBC-URL",
      description = "Iceberg JDBC catalog database (weft.iceberg.catalog-uri). Default: the embedded PostgreSQL.")
  String catalogUri;

  @Option(names = "--catalog-user", description = "Catalog database user (weft.iceberg.catalog-user).")
  String catalogUser;

  @Option(names = "--catalog-password", description = "Catalog database password; $${env:X} is resolved (weft.iceberg.catalog-password).")
  String catalogPassword;

  @Option(names = "--warehouse", paramLabel = "URI", description = "Where table data goes (weft.iceberg.warehouse). Default: <work-dir>/warehouse.")
  String warehouse;

  @Option(names = "--s3-endpoint", paramLabel = "URL",
      description = "S3 API endpoint of an s3:// warehouse, e.g. http://127.0.0.1:9090 (weft.s3.endpoint). Default: AWS S3.")
  String s3Endpoint;

  @Option(names = "--s3-region", paramLabel = "REGION", description = "Region of an s3:// warehouse (weft.s3.region). Default: us-east-1.")
  String s3Region;

  @Option(names = "--s3-path-style-access",
      description = "Address an s3:// warehouse's bucket in the URL path, as most S3-compatible stores need (weft.s3.path-style-access).")
  Boolean s3PathStyleAccess;

  @Option(names = "--s3-access-key-id", paramLabel = "REFERENCE",
      description = "Access key id of an s3:// warehouse as $${secret:NAME} or $${env:NAME}, never the key (weft.s3.access-key-id). "
          + "Default: AWS's default credentials chain.")
  String s3AccessKeyId;

  @Option(names = "--s3-secret-access-key", paramLabel = "REFERENCE",
      description = "Secret access key of an s3:// warehouse as $${secret:NAME} or $${env:NAME}, never the key (weft.s3.secret-access-key).")
  String s3SecretAccessKey;

  @Option(names = "--work-dir", paramLabel = "DIR", description = "Checkpoints and embedded data (weft.work-dir). Default: .weft")
  String workDir;

  @Option(names = "--secrets-dir", paramLabel = "DIR",
      description = "Folder of secret files for the keys of encrypt masks, read where WEFT_SECRET_<NAME> is not set (weft.secrets-dir).")
  String secretsDir;

  @Option(names = "--checkpoint-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How often products commit, e.g. 2s (weft.checkpoint-interval). Default: 10s.")
  Duration checkpointInterval;

  @Option(names = "--flink", paramLabel = "URL",
      description = "REST address of a Flink session cluster to run products on, e.g. http://127.0.0.1:8081 from deploy/flink/cluster.sh "
          + "(weft.flink.url). Default: a MiniCluster in Weft's JVM.")
  String flinkUrl;

  @Option(names = "--parallelism", paramLabel = "N", converter = PositiveIntConverter.class, description = "Parallelism of each product (weft.parallelism). Default: 1.")
  Integer parallelism;

  @Option(names = "--cdc-snapshot-chunk-rows", paramLabel = "N", converter = PositiveIntConverter.class,
      description = "Rows per chunk of a CDC input's snapshot (weft.cdc.snapshot-chunk-rows). Default: 32768.")
  Integer snapshotChunkRows;

  @Option(names = "--drop-incompatible-state",
      description = "Start products whose edited spec drops the state of stateful operators anyway: the checkpoint is restored and "
          + "those operators start empty (weft.restore.drop-incompatible-state). Without it such an edit is refused.")
  Boolean dropIncompatibleState;

  @Option(names = "--state-backend", paramLabel = "ROCKSDB|HEAP",
      description = "Where stream products whose SQL keeps state keep it (weft.state.backend). Default: ROCKSDB.")
  WeftOptions.StateBackendKind stateBackend;

  @Option(names = "--fail-after-records", paramLabel = "N",
      description = "Recovery drill: fail each product once after N records (weft.fail-after-records).")
  Long failAfterRecords;

  @Option(names = "--fail-after-table-commits", paramLabel = "N",
      description = "Recovery drill: after N table commits, fail each product without restarts between a checkpoint's topic "
          + "and table commits (weft.fail-after-table-commits).")
  Long failAfterTableCommits;

  @Option(names = "--fail-before-first-commit",
      description = "Recovery drill: stop each product at its first checkpoint before it commits, as a crash would (weft.fail-before-first-commit).")
  Boolean failBeforeFirstCommit;

  @Option(names = "--transaction-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long the broker keeps a product's uncommitted topic transaction (weft.kafka.transaction-timeout). Default: 15m.")
  Duration transactionTimeout;

  @Option(names = "--restart-budget", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long a failed product keeps restarting before it is given up (weft.restart.budget). Default: 10m.")
  Duration restartBudget;

  @Option(names = "--catalog-url", paramLabel = "URL",
      description = "Catalog service to register products with and report to (weft.catalog.url). Default: one started in-process "
          + "on the embedded stack; with --kafka/--catalog-uri, none.")
  String catalogUrl;

  @Option(names = "--catalog-token", paramLabel = "TOKEN",
      description = "Token of the products' domain for the catalog service, best as a reference: $${env:NAME} or $${secret:name} "
          + "(weft.catalog.token). Default: $WEFT_CATALOG_TOKEN.")
  String catalogToken;

  @Option(names = "--catalog-trust-store", paramLabel = "PEM-FILE",
      description = "Certificates an https catalog service's certificate is checked against (weft.catalog.trust-store). "
          + "Default: the JVM's trust store.")
  String catalogTrustStore;

  @Option(names = "--catalog-port", paramLabel = "PORT",
      description = "Port of the in-process catalog service, 0 for any free one (weft.catalog.port). Default: 8081.")
  Integer catalogPort;

  @Option(names = "--catalog-report-interval", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How often running products' metrics go to the catalog (weft.catalog.report-interval). Default: 10s.")
  Duration catalogReportInterval;

  @Mixin SchemaRegistryFlags schemaRegistry = new SchemaRegistryFlags();

  /** The catalog service --catalog-url names, if it is a URL (a malformed one is reported when the command checks its flags). */
  java.util.Optional<java.net.URI> catalogServiceUrl() {
    try {
      return java.util.Optional.ofNullable(catalogUrl).map(java.net.URI::create);
    } catch (IllegalArgumentException malformed) {
      return java.util.Optional.empty();
    }
  }

  /** The options, with the catalog flags checked before anything starts. @throws FlagException naming the flag */
  Configuration checkedConfiguration() {
    Configuration options = toConfiguration();
    try {
      CatalogConnection.check(options);
      S3Warehouse.of(options, IcebergCatalogSettings.warehouse(options));
    } catch (IllegalArgumentException e) {
      throw new FlagException(e.getMessage());
    }
    return options;
  }

  Configuration toConfiguration() {
    Configuration config = schemaRegistry.addTo(kafka.addTo(new Configuration()));
    if (catalogUri != null) config.set(WeftOptions.CATALOG_URI, catalogUri);
    if (catalogUser != null) config.set(WeftOptions.CATALOG_USER, catalogUser);
    if (catalogPassword != null) config.set(WeftOptions.CATALOG_PASSWORD, catalogPassword);
    if (warehouse != null) config.set(WeftOptions.WAREHOUSE, warehouse);
    if (s3Endpoint != null) config.set(WeftOptions.S3_ENDPOINT, s3Endpoint);
    if (s3Region != null) config.set(WeftOptions.S3_REGION, s3Region);
    if (s3PathStyleAccess != null) config.set(WeftOptions.S3_PATH_STYLE_ACCESS, s3PathStyleAccess);
    if (s3AccessKeyId != null) config.set(WeftOptions.S3_ACCESS_KEY_ID, s3AccessKeyId);
    if (s3SecretAccessKey != null) config.set(WeftOptions.S3_SECRET_ACCESS_KEY, s3SecretAccessKey);
    if (workDir != null) config.set(WeftOptions.WORK_DIR, workDir);
    if (secretsDir != null) config.set(WeftOptions.SECRETS_DIR, secretsDir);
    if (checkpointInterval != null) config.set(WeftOptions.CHECKPOINT_INTERVAL, checkpointInterval);
    if (parallelism != null) config.set(WeftOptions.PARALLELISM, parallelism);
    if (failAfterRecords != null) config.set(WeftOptions.FAIL_AFTER_RECORDS, failAfterRecords);
    if (failAfterTableCommits != null) config.set(WeftOptions.FAIL_AFTER_TABLE_COMMITS, failAfterTableCommits);
    if (dropIncompatibleState != null) config.set(WeftOptions.DROP_INCOMPATIBLE_STATE, dropIncompatibleState);
    if (stateBackend != null) config.set(WeftOptions.STATE_BACKEND, stateBackend);
    if (failBeforeFirstCommit != null) config.set(WeftOptions.FAIL_BEFORE_FIRST_COMMIT, failBeforeFirstCommit);
    if (transactionTimeout != null) config.set(WeftOptions.KAFKA_TRANSACTION_TIMEOUT, transactionTimeout);
    if (restartBudget != null) config.set(WeftOptions.RESTART_BUDGET, restartBudget);
    if (snapshotChunkRows != null) config.set(WeftOptions.CDC_SNAPSHOT_CHUNK_ROWS, snapshotChunkRows);
    if (catalogUrl != null) config.set(WeftOptions.CATALOG_SERVICE_URL, catalogUrl);
    if (catalogToken != null) config.set(WeftOptions.CATALOG_SERVICE_TOKEN, catalogToken);
    if (catalogTrustStore != null) config.set(WeftOptions.CATALOG_TRUST_STORE, catalogTrustStore);
    if (catalogPort != null) config.set(WeftOptions.CATALOG_SERVICE_PORT, catalogPort);
    if (catalogReportInterval != null) config.set(WeftOptions.CATALOG_REPORT_INTERVAL, catalogReportInterval);
    if (flinkUrl != null) {
      config.set(WeftOptions.FLINK_URL, flinkUrl);
      // a local Flink cluster's REST port is the in-process catalog's default port: the catalog takes a free one then
      if (catalogPort == null && flinkUrl.matches("https?://[^/]*:" + WeftOptions.CATALOG_SERVICE_PORT.defaultValue() + "/?")) {
        config.set(WeftOptions.CATALOG_SERVICE_PORT, 0);
      }
    }
    return config;
  }
}
