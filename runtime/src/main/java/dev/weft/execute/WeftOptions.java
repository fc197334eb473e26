package dev.weft.execute;

import static org.apache.flink.configuration.ConfigOptions.key;

import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.kafka.common.security.auth.SecurityProtocol;

/**
 * Every runtime option, declared once with its type, default and description. CLI flags set them;
 * docs/cli.md lists them (a test checks that it does).
 */
public final class WeftOptions {
  private WeftOptions() {}

  public static final ConfigOption<String> KAFKA_BOOTSTRAP_SERVERS = key("weft.kafka.bootstrap-servers")
      .stringType().noDefaultValue()
      .withDescription("Kafka brokers the products read from and publish to; unset means the embedded broker.");

  public static final ConfigOption<SecurityProtocol> KAFKA_SECURITY_PROTOCOL = key("weft.kafka.security-protocol")
      .enumType(SecurityProtocol.class).defaultValue(SecurityProtocol.PLAINTEXT)
      .withDescription("How Weft's Kafka clients (admin, jobs' sources and sinks) connect: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.");

  public static final ConfigOption<KafkaClients.SaslMechanism> KAFKA_SASL_MECHANISM = key("weft.kafka.sasl-mechanism")
      .enumType(KafkaClients.SaslMechanism.class).defaultValue(KafkaClients.SaslMechanism.PLAIN)
      .withDescription("SASL mechanism of the Kafka clients: PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.");

  public static final ConfigOption<String> KAFKA_SASL_USERNAME = key("weft.kafka.sasl-username")
      .stringType().noDefaultValue()
      .withDescription("SASL user the platform's Kafka clients (admin, checks) authenticate as; the ACLs weft access makes name "
          + "User:weft for it. Product jobs sign in as weft.kafka.job-user.");

  public static final ConfigOption<String> KAFKA_SASL_PASSWORD = key("weft.kafka.sasl-password")
      .stringType().noDefaultValue()
      .withDescription("SASL password of the Kafka clients, as a reference (${secret:NAME} or ${env:NAME}) resolved when they connect.");

  /** Where {@link #KAFKA_JOB_USER} and {@link #KAFKA_JOB_PASSWORD} put the product's owner domain. */
  public static final String DOMAIN_PLACEHOLDER = "{domain}";

  public static final ConfigOption<String> KAFKA_JOB_USER = key("weft.kafka.job-user")
      .stringType().defaultValue("weft-" + DOMAIN_PLACEHOLDER)
      .withDescription("SASL user a product's job signs in as, {domain} standing for the product's owner domain: each domain's "
          + "jobs are one principal (User:weft-orders), so the ACLs weft access makes keep domains apart. weft.kafka.sasl-username "
          + "is the platform's own user (it creates topics and reads what the runtime checks).");

  public static final ConfigOption<String> KAFKA_JOB_PASSWORD = key("weft.kafka.job-password")
      .stringType().defaultValue("${secret:kafka-weft-" + DOMAIN_PLACEHOLDER + "}")
      .withDescription("SASL password of a product's job, as a reference (${secret:NAME} or ${env:NAME}, {domain} standing for "
          + "the owner domain) that the job's Kafka clients resolve where its tasks run, never carried in the job.");

  public static final ConfigOption<String> CATALOG_URI = key("weft.iceberg.catalog-uri")
      .stringType().noDefaultValue()
      .withDescription("JDBC URL of the Iceberg JDBC catalog; unset means the embedded PostgreSQL.");

  public static final ConfigOption<String> CATALOG_USER = key("weft.iceberg.catalog-user")
      .stringType().defaultValue("postgres")
      .withDescription("User of the Iceberg JDBC catalog database.");

  public static final ConfigOption<String> CATALOG_PASSWORD = key("weft.iceberg.catalog-password")
      .stringType().defaultValue("")
      .withDescription("Password of the Iceberg JDBC catalog database; ${env:X} is resolved.");

  public static final ConfigOption<String> CATALOG_NAME = key("weft.iceberg.catalog-name")
      .stringType().defaultValue("weft")
      .withDescription("Name of the Iceberg catalog; Trino must use the same one to see the tables.");

  public static final ConfigOption<String> WAREHOUSE = key("weft.iceberg.warehouse")
      .stringType().noDefaultValue()
      .withDescription("Where table data goes (a file: or object-store URI); unset means <work-dir>/warehouse.");

  public static final ConfigOption<String> S3_ENDPOINT = key("weft.s3.endpoint")
      .stringType().noDefaultValue()
      .withDescription("S3 API endpoint of an s3:// warehouse, e.g. http://127.0.0.1:9090 for an S3-compatible store; "
          + "unset means AWS S3 in weft.s3.region.");

  public static final ConfigOption<String> S3_REGION = key("weft.s3.region")
      .stringType().defaultValue("us-east-1")
      .withDescription("Region of an s3:// warehouse's bucket (S3-compatible stores take any).");

  public static final ConfigOption<Boolean> S3_PATH_STYLE_ACCESS = key("weft.s3.path-style-access")
      .booleanType().defaultValue(false)
      .withDescription("Address an s3:// warehouse's bucket in the URL path (http://endpoint/bucket/key), as most S3-compatible "
          + "stores need, instead of in the host name as AWS S3 does.");

  public static final ConfigOption<String> S3_ACCESS_KEY_ID = key("weft.s3.access-key-id")
      .stringType().noDefaultValue()
      .withDescription("Access key id of an s3:// warehouse, as a reference (${secret:NAME} or ${env:NAME}) looked up where tables "
          + "are read and written, never carried in a job; unset (with weft.s3.secret-access-key) means AWS's default credentials chain.");

  public static final ConfigOption<String> S3_SECRET_ACCESS_KEY = key("weft.s3.secret-access-key")
      .stringType().noDefaultValue()
      .withDescription("Secret access key of an s3:// warehouse, as a reference (${secret:NAME} or ${env:NAME}) looked up where "
          + "tables are read and written, never carried in a job.");

  public static final ConfigOption<String> FLINK_URL = key("weft.flink.url")
      .stringType().noDefaultValue()
      .withDescription("REST address of a Flink session cluster products run on, e.g. http://127.0.0.1:8081 (deploy/flink/cluster.sh); "
          + "unset means a MiniCluster in Weft's JVM.");

  public static final ConfigOption<String> WORK_DIR = key("weft.work-dir")
      .stringType().defaultValue(".weft")
      .withDescription("Local directory for checkpoints, the embedded stack's data and the default warehouse.");

  public static final ConfigOption<String> SECRETS_DIR = key("weft.secrets-dir")
      .stringType().noDefaultValue()
      .withDescription("Folder of secret files, one per secret named like it, for the keys of encrypt masks and the "
          + "${secret:NAME} passwords (CDC, catalog, SASL) when WEFT_SECRET_<NAME> is not set; unset means environment variables only.");

  public static final ConfigOption<Duration> CHECKPOINT_INTERVAL = key("weft.checkpoint-interval")
      .durationType().defaultValue(Duration.ofSeconds(10))
      .withDescription("How often a product commits to its topic and table.");

  public static final ConfigOption<Integer> PARALLELISM = key("weft.parallelism")
      .intType().defaultValue(1)
      .withDescription("Parallel instances of each product's operators.");

  /**
   * Flink's own default for exponential-delay restarts: a product that fails for the first time in
   * a while is back within a second, as a transient error usually allows.
   */
  public static final ConfigOption<Duration> RESTART_INITIAL_BACKOFF = key("weft.restart.initial-backoff")
      .durationType().defaultValue(Duration.ofSeconds(1))
      .withDescription("Pause before the first restart of a failed product; each further restart doubles it.");

  /**
   * A minute keeps a long outage (a catalog database being replaced) from being hammered, and a
   * product back within a minute of its dependency.
   */
  public static final ConfigOption<Duration> RESTART_MAX_BACKOFF = key("weft.restart.max-backoff")
      .durationType().defaultValue(Duration.ofMinutes(1))
      .withDescription("Longest pause between two restarts of a failed product.");

  /**
   * Flink's own default: a product that fails again within an hour is still in the same trouble and
   * keeps its longer pauses and its count of restarts.
   */
  public static final ConfigOption<Duration> RESTART_RESET_THRESHOLD = key("weft.restart.reset-threshold")
      .durationType().defaultValue(Duration.ofHours(1))
      .withDescription("How long a restarted product must run without failing before its pauses and restart count start afresh.");

  /**
   * Ten minutes outlasts the outages a restart can cure (a broker or database restarting, a
   * failover) and, with the checkpoint interval and the commit retries, stays below the 15 minutes
   * a Kafka broker allows a transaction by default: a checkpoint's transaction must still be open
   * when the restart that commits it comes (see {@link #KAFKA_TRANSACTION_TIMEOUT}).
   */
  public static final ConfigOption<Duration> RESTART_BUDGET = key("weft.restart.budget")
      .durationType().defaultValue(Duration.ofMinutes(10))
      .withDescription("How long a failed product keeps restarting (the sum of its pauses) before it is given up.");

  /**
   * A minute rides out a catalog database restarting or failing over without restarting the job;
   * what lasts longer becomes a restart, which the restart budget covers.
   */
  public static final ConfigOption<Duration> ICEBERG_COMMIT_RETRY_BUDGET = key("weft.iceberg.commit-retry-budget")
      .durationType().defaultValue(Duration.ofMinutes(1))
      .withDescription("How long a failed Iceberg commit is retried in place (pauses from the initial to the max restart "
          + "backoff) before the product restarts.");

  /**
   * The Kafka broker's default {@code transaction.max.timeout.ms}: the longest a broker allows
   * unless it is configured otherwise, and the longest a checkpoint's records may wait for the
   * restart that commits them.
   */
  public static final ConfigOption<Duration> KAFKA_TRANSACTION_TIMEOUT = key("weft.kafka.transaction-timeout")
      .durationType().defaultValue(Duration.ofMinutes(15))
      .withDescription("How long the broker keeps a product's uncommitted topic transaction before aborting it; must exceed "
          + "the checkpoint interval + Iceberg commit retry budget + restart budget and may not exceed the broker's "
          + "transaction.max.timeout.ms.");

  public static final ConfigOption<Boolean> DROP_INCOMPATIBLE_STATE = key("weft.restore.drop-incompatible-state")
      .booleanType().defaultValue(false)
      .withDescription("Start a product whose edited spec drops the state of stateful operators anyway: its checkpoint is "
          + "restored (input positions, pending commits, the state of unchanged operators) and those operators start empty. "
          + "Without it such an edit is refused before the product starts.");

  public static final ConfigOption<StateBackendKind> STATE_BACKEND = key("weft.state.backend")
      .enumType(StateBackendKind.class).defaultValue(StateBackendKind.ROCKSDB)
      .withDescription("Where stream products whose SQL keeps state (joins, aggregates, upsert inputs) keep it: ROCKSDB (local "
          + "disk, incremental checkpoints) or HEAP (the JVM heap, full checkpoints: faster while state is small, bounded by memory).");

  /** The state backends {@link #STATE_BACKEND} offers. */
  public enum StateBackendKind {
    ROCKSDB,
    HEAP
  }

  public static final ConfigOption<Long> FAIL_AFTER_RECORDS = key("weft.fail-after-records")
      .longType().defaultValue(0L)
      .withDescription("Recovery drill: fail each product once after this many records (0 = never).");

  public static final ConfigOption<Long> FAIL_AFTER_TABLE_COMMITS = key("weft.fail-after-table-commits")
      .longType().defaultValue(0L)
      .withDescription("Recovery drill: after this many table commits, fail each product without restarts between "
          + "a checkpoint's topic and table commits, leaving two checkpoints' table commits pending (0 = never).");

  public static final ConfigOption<Boolean> FAIL_BEFORE_FIRST_COMMIT = key("weft.fail-before-first-commit")
      .booleanType().defaultValue(false)
      .withDescription("Recovery drill: stop each product at its first completed checkpoint before it commits to its topic "
          + "and table, as a crash would; its retained checkpoint holds the commits still to make.");

  /**
   * Flink CDC's own default is 8,096; every chunk costs a round trip (in PostgreSQL a short-lived
   * replication slot for the changes made while the chunk is read). In benchmarks/run-cdc.sh the
   * raw source read 65,536-row chunks up to 3x faster than 8,096-row ones (on a loaded machine,
   * so the figure is rough); 32,768 rows of a wide row are tens of MB per chunk in memory.
   */
  public static final ConfigOption<Integer> CDC_SNAPSHOT_CHUNK_ROWS = key("weft.cdc.snapshot-chunk-rows")
      .intType().defaultValue(32_768)
      .withDescription("Rows per chunk of a CDC input's snapshot: each chunk is read, merged with the changes made "
          + "meanwhile, and checkpointed on its own; bigger chunks mean fewer round trips and more memory.");

  public static final ConfigOption<Duration> EXPIRE_SNAPSHOTS_EVERY = key("weft.maintenance.expire-snapshots-every")
      .durationType().defaultValue(Duration.ofHours(1))
      .withDescription("How often a product that sets outputs.table.keepSnapshots has its older snapshots expired.");

  public static final ConfigOption<Duration> REMOVE_ORPHAN_FILES_EVERY = key("weft.maintenance.remove-orphan-files-every")
      .durationType().defaultValue(Duration.ofDays(1))
      .withDescription("How often files that no snapshot references are looked for under each product's table.");

  /**
   * Iceberg's own default for its orphan file actions: a writer's files are unreferenced until the
   * checkpoint that commits them completes, so this must be far longer than any checkpoint takes.
   */
  public static final ConfigOption<Duration> ORPHAN_FILE_MIN_AGE = key("weft.maintenance.orphan-file-min-age")
      .durationType().defaultValue(Duration.ofDays(3))
      .withDescription("How old an unreferenced file under a table must be before it is deleted as an orphan.");

  public static final ConfigOption<Integer> SCHEDULE_RETRIES = key("weft.schedule.retries")
      .intType().defaultValue(2)
      .withDescription("How often a failed scheduled run is tried again before it waits for its next scheduled time.");

  public static final ConfigOption<Duration> SCHEDULE_RETRY_DELAY = key("weft.schedule.retry-delay")
      .durationType().defaultValue(Duration.ofMinutes(1))
      .withDescription("Pause before a failed scheduled run is tried again.");

  public static final ConfigOption<Boolean> TRINO_ENABLED = key("weft.trino.enabled")
      .booleanType().defaultValue(false)
      .withDescription("Start a single-node Trino coordinator with the embedded stack, its Iceberg catalog on the products' catalog.");

  public static final ConfigOption<String> TRINO_JAVA_HOME = key("weft.trino.java-home")
      .stringType().noDefaultValue()
      .withDescription("JDK (24 or newer) that runs Trino; unset means the newest such JDK under /usr/lib/jvm.");

  public static final ConfigOption<String> TRINO_HOME = key("weft.trino.home")
      .stringType().noDefaultValue()
      .withDescription("Unpacked Trino server with the Iceberg plugin; unset means the one the build unpacked into runtime/target.");

  public static final ConfigOption<Integer> TRINO_PORT = key("weft.trino.port")
      .intType().defaultValue(0)
      .withDescription("HTTP port of the embedded Trino on 127.0.0.1; 0 means a free one.");

  public static final ConfigOption<Boolean> TRINO_ACCESS_CONTROL = key("weft.trino.access-control")
      .booleanType().defaultValue(true)
      .withDescription("Start the embedded Trino with file-based access control from the running products' owners and "
          + "access.readers; the user running Weft may do everything.");

  public static final ConfigOption<String> TRINO_URL = key("weft.trino.url")
      .stringType().noDefaultValue()
      .withDescription("JDBC URL of the Trino that weft query asks; unset means the one a running weft dev --with-trino started.");

  public static final ConfigOption<String> CATALOG_SERVICE_URL = key("weft.catalog.url")
      .stringType().noDefaultValue()
      .withDescription("The Weft catalog service products are registered with and report to, e.g. http://catalog:8081; "
          + "unset means one started in-process on the embedded PostgreSQL (embedded stack only; otherwise nothing is registered).");

  public static final ConfigOption<String> CATALOG_SERVICE_TOKEN = key("weft.catalog.token")
      .stringType().noDefaultValue()
      .withDescription("Bearer token for the catalog service: the token of the products' domain (weft catalog token create), "
          + "or a reference to it (${env:NAME}, ${secret:name}); unset means $WEFT_CATALOG_TOKEN "
          + "(for the in-process catalog: an admin token made up for the session).");

  public static final ConfigOption<String> CATALOG_TRUST_STORE = key("weft.catalog.trust-store")
      .stringType().noDefaultValue()
      .withDescription("PEM file of the certificates an https catalog service's certificate is checked against (its CA, or its own "
          + "self-signed certificate); unset means the JVM's default trust store.");

  public static final ConfigOption<Integer> CATALOG_SERVICE_PORT = key("weft.catalog.port")
      .intType().defaultValue(8081)
      .withDescription("Port of the catalog service started in-process (0 picks a free one).");

  public static final ConfigOption<Duration> CATALOG_REPORT_INTERVAL = key("weft.catalog.report-interval")
      .durationType().defaultValue(Duration.ofSeconds(10))
      .withDescription("How often each running product's metrics are sent to the catalog service.");

  /**
   * One minute: long enough that a busy catalog database or a GC pause never loses a live holder its
   * lease, short enough that a product whose holder vanished with its host starts again soon. Holders
   * on this host or on a cluster that answers are taken over at once when gone.
   */
  public static final ConfigOption<Duration> LEASE_EXPIRY = key("weft.lease.expiry")
      .durationType().defaultValue(Duration.ofMinutes(1))
      .withDescription("How long a product's writer lease outlives its last renewal by a holder on another host; renewed every quarter of it.");

  public static final ConfigOption<String> METRICS_PROMETHEUS_PORT = key("weft.metrics.prometheus-port")
      .stringType().noDefaultValue()
      .withDescription("Port, or range FROM-TO (the first free one), where the local Flink cluster serves its metrics to Prometheus; "
          + "weft dev serves them on " + PrometheusReporting.DEV_PORTS + " unless told otherwise, weft run only when it is set.");

  public static final ConfigOption<String> SCHEMA_REGISTRY_URL = key("weft.schema-registry.url")
      .stringType().noDefaultValue()
      .withDescription("Confluent-compatible schema registry API that Avro topics are registered with and Avro inputs read schemas from, "
          + "e.g. http://registry:8080/apis/ccompat/v7; unset means weft dev starts one (Apicurio Registry) when a spec uses Avro.");

  public static final ConfigOption<String> SCHEMA_REGISTRY_JAVA_HOME = key("weft.schema-registry.java-home")
      .stringType().noDefaultValue()
      .withDescription("JDK (21 or newer) that runs the schema registry weft dev starts; unset means the newest such JDK under /usr/lib/jvm.");

  public static final List<ConfigOption<?>> ALL = List.of(
      KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD, KAFKA_JOB_USER, KAFKA_JOB_PASSWORD,
      KAFKA_BOOTSTRAP_SERVERS, CATALOG_URI, CATALOG_USER, CATALOG_PASSWORD, CATALOG_NAME, WAREHOUSE, WORK_DIR, SECRETS_DIR,
      CHECKPOINT_INTERVAL, PARALLELISM, RESTART_INITIAL_BACKOFF, RESTART_MAX_BACKOFF, RESTART_RESET_THRESHOLD, RESTART_BUDGET,
      ICEBERG_COMMIT_RETRY_BUDGET, KAFKA_TRANSACTION_TIMEOUT, DROP_INCOMPATIBLE_STATE, STATE_BACKEND,
      FAIL_AFTER_RECORDS, FAIL_AFTER_TABLE_COMMITS, FAIL_BEFORE_FIRST_COMMIT, CDC_SNAPSHOT_CHUNK_ROWS,
      EXPIRE_SNAPSHOTS_EVERY, REMOVE_ORPHAN_FILES_EVERY, ORPHAN_FILE_MIN_AGE, SCHEDULE_RETRIES, SCHEDULE_RETRY_DELAY,
      S3_ENDPOINT, S3_REGION, S3_PATH_STYLE_ACCESS, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY,
      TRINO_ENABLED, TRINO_JAVA_HOME, TRINO_HOME, TRINO_PORT, TRINO_ACCESS_CONTROL, TRINO_URL,
      CATALOG_SERVICE_URL, CATALOG_SERVICE_TOKEN, CATALOG_SERVICE_PORT, CATALOG_REPORT_INTERVAL,
      CATALOG_TRUST_STORE, LEASE_EXPIRY, METRICS_PROMETHEUS_PORT, FLINK_URL,
      SCHEMA_REGISTRY_URL, SCHEMA_REGISTRY_JAVA_HOME);
}
