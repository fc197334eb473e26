package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.dev.S3MockServer;
import dev.weft.maintain.MaintenanceResult;
import dev.weft.maintain.MaintenanceTask;
import dev.weft.maintain.TableFiles;
import dev.weft.maintain.TableMaintenance;
import dev.weft.plan.MaintenancePlan;
import dev.weft.plan.ProductPlan;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.OrderFiles;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import dev.weft.testing.TrinoQueries;
import dev.weft.testing.WeftCommandLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.apache.flink.util.InstantiationUtil;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.aws.s3.S3FileIOProperties;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.SeekableInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A warehouse on S3, end to end, against a real S3 API server: Adobe S3Mock run as its own process.
 * Iceberg's S3FileIO writes and reads every byte as it was; a product publishes its table there,
 * Iceberg and Trino (native S3 file system) read exactly its rows back, {@code weft verify} finds
 * topic and table agreeing, and compaction, snapshot expiry and orphan-file removal work on it.
 * The keys are given as {@code ${secret:…}} references and found in no job graph.
 *
 * <p>Inputs: orders 1..30, total {@code id.25}, every tenth one negative (a dead letter), on
 * 2026-11-01..03 by id % 3: 27 valid orders.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class S3WarehouseITCase {
  private static final String BUCKET = "weft-it";
  private static final String WAREHOUSE = "s3://" + BUCKET + "/warehouse";
  /** The secret key: S3Mock takes any, so a canary that no job graph may hold. */
  private static final String SECRET_KEY = "s3-canary-secret-6f1c9e";
  private static final Path WORK = temporaryDirectory();
  /** Started first and awaited in {@link #s3MockAnswers}: its Spring Boot start overlaps the stack's. */
  private static final S3MockServer S3 = S3MockServer.start(Path.of("target/s3mock/s3mock-exec.jar"), WORK.resolve("s3"), BUCKET);

  @RegisterExtension
  static final DevStackExtension STACK = onS3(new DevStackExtension().withTrino());

  private final WeftCommandLine weft = new WeftCommandLine();

  private static DevStackExtension onS3(DevStackExtension stack) {
    try {
      Path secrets = Files.createDirectories(WORK.resolve("secrets"));
      Files.writeString(secrets.resolve("s3-access-key-id"), "weft-it\n");
      Files.writeString(secrets.resolve("s3-secret-access-key"), SECRET_KEY + "\n");
      stack.options().set(WeftOptions.SECRETS_DIR, secrets.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    stack.options().set(WeftOptions.WAREHOUSE, WAREHOUSE);
    stack.options().set(WeftOptions.S3_ENDPOINT, S3.endpoint());
    stack.options().set(WeftOptions.S3_PATH_STYLE_ACCESS, true);
    stack.options().set(WeftOptions.S3_ACCESS_KEY_ID, "${secret:s3-access-key-id}");
    stack.options().set(WeftOptions.S3_SECRET_ACCESS_KEY, "${secret:s3-secret-access-key}");
    return stack;
  }

  @BeforeAll
  static void s3MockAnswers() {
    S3.awaitReady(Duration.ofMinutes(2));
  }

  @AfterAll
  static void stopS3Mock() {
    S3.close();
  }

  @Test
  @Order(1)
  void s3FileIoReadsBackEveryByteItWrote() throws Exception {
    long seed = System.nanoTime();
    System.out.println("S3WarehouseITCase: random object contents from seed " + seed);
    Random random = new Random(seed);
    Map<String, String> properties = new HashMap<>(STACK.stack().catalog().properties());
    // 5 MiB parts (S3's smallest): the 11 MiB object goes up as a multipart upload
    properties.put(S3FileIOProperties.MULTIPART_SIZE, Integer.toString(5 * 1024 * 1024));
    try (S3FileIO io = new S3FileIO()) {
      io.initialize(properties);
      // no empty object: S3FileIO reads with a range, which S3 (and S3Mock) refuse on 0 bytes with 416; Iceberg writes none
      for (int size : new int[] {13, 1024 * 1024 + 7, 11 * 1024 * 1024 + 3}) {
        byte[] written = new byte[size];
        random.nextBytes(written);
        String location = WAREHOUSE + "/round-trip/object-" + size;
        try (OutputStream out = io.newOutputFile(location).createOrOverwrite()) {
          out.write(written);
        }
        assertThat(io.newInputFile(location).getLength()).as("stored length of " + location).isEqualTo(size);
        try (InputStream in = io.newInputFile(location).newStream()) {
          assertThat(in.readAllBytes()).as("bytes read back from " + location).isEqualTo(written);
        }
        if (size > 100) {
          try (SeekableInputStream in = io.newInputFile(location).newStream()) {
            in.seek(size / 2);
            byte[] middle = new byte[50];
            assertThat(in.read(middle)).isEqualTo(50);
            assertThat(middle).as("50 bytes from the middle of " + location)
                .isEqualTo(java.util.Arrays.copyOfRange(written, size / 2, size / 2 + 50));
          }
        }
      }
    }
  }

  @Test
  @Order(2)
  void aProductOnS3IsReadBackExactlyByIcebergAndTrinoAndVerified() throws Exception {
    Path spec = spec("s3-orders", "shop.orders.s3");
    ProductPlan plan = Specs.compile(Specs.load("it/maintained-orders.yaml", renames("s3-orders", "shop.orders.s3")));
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.s3", 2);
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int id = 1; id <= 30; id++) {
      orders.add(Map.entry(Integer.toString(id), "{\"order_id\": " + id + ", \"customer_id\": " + id % 7 + ", \"total\": "
          + (id % 10 == 0 ? "-1.00" : id + ".25") + ", \"currency\": \"eur\", \"created_at\": \"2026-11-0" + (id % 3 + 1) + "T10:00:00Z\"}"));
    }
    topics.produce("shop.orders.s3", orders);

    RunningProduct run = STACK.stack().runner().start(plan, true, Optional.empty());
    run.awaitFinished(Duration.ofMinutes(3));

    List<String> expected = new ArrayList<>();
    for (int id = 1; id <= 30; id++) {
      if (id % 10 != 0) {
        expected.add(id + " | " + id % 7 + " | " + id + ".25 | EUR | 2026-11-0" + (id % 3 + 1) + " 10:00:00.000 UTC");
      }
    }
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    assertThat(table.location()).isEqualTo(WAREHOUSE + "/orders/s3_orders_v1");
    assertThat(table.io()).isInstanceOf(S3FileIO.class);
    List<String> dataFiles = new ArrayList<>();
    try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
      tasks.forEach(task -> dataFiles.add(task.file().location()));
    }
    assertThat(dataFiles).isNotEmpty().allMatch(file -> file.startsWith(WAREHOUSE + "/orders/s3_orders_v1/data/"));
    assertThat(WORK.resolve("warehouse")).as("nothing on local disk").doesNotExist();

    assertThat(Tables.readAll(table).stream().map(S3WarehouseITCase::row).sorted(java.util.Comparator.comparingInt(
        r -> Integer.parseInt(r.substring(0, r.indexOf(' '))))).toList()).isEqualTo(expected);
    assertThat(trino("SELECT order_id, customer_id, order_total, currency, "
        + "format_datetime(placed_at AT TIME ZONE 'UTC', 'yyyy-MM-dd HH:mm:ss.SSS') || ' UTC' FROM iceberg.orders.s3_orders_v1 ORDER BY 1"))
        .isEqualTo(expected);
    assertThat(trino("SELECT count(*), sum(order_total) FROM iceberg.orders.s3_orders_v1")).containsExactly("27 | 411.75");

    int exit = weft.run(withS3Flags("verify", spec.toString()));
    assertThat(exit).as(weft.out() + weft.err()).isZero();
    assertThat(weft.out()).contains("orders.s3-orders: topic orders.s3-orders.v1 and table orders.s3_orders_v1 agree");

    // the keys are references in the job graph, looked up by the tasks' S3 clients
    String graph = new String(InstantiationUtil.serializeObject(
        ((LocalFlinkCluster) STACK.stack().flink()).submittedGraph(run.jobId()).orElseThrow()), StandardCharsets.ISO_8859_1);
    assertThat(graph).contains("${secret:s3-secret-access-key}").doesNotContain(SECRET_KEY);
    assertThat(STACK.workDir().resolve("trino/etc/catalog/iceberg.properties")).content()
        .contains("s3.aws-secret-key=${ENV:WEFT_S3_SECRET_ACCESS_KEY}\n").doesNotContain(SECRET_KEY);
  }

  @Test
  @Order(3)
  void maintenanceOnS3LeavesExactlyWhatItLeavesOnLocalDiskAndATableBesideItAlone() throws Exception {
    Path spec = spec("s3-maintained", "shop.orders.s3m");
    ProductPlan plan = Specs.compile(Specs.load("it/maintained-orders.yaml", renames("s3-maintained", "shop.orders.s3m")));
    Table table = OrderFiles.tableOfSmallCommits(STACK.stack().runner().catalog(), plan, 4);
    // the same table on local disk, in a catalog of its own on the same database: what S3 must match file for file
    IcebergCatalogSettings catalog = STACK.stack().catalog();
    Table onDisk = OrderFiles.tableOfSmallCommits(new IcebergCatalogSettings("weft_local_disk", catalog.jdbcUrl(), catalog.user(), "",
        WORK.resolve("local-warehouse").toUri().toString()).open(), plan, 4);
    // a table whose location starts with this one's: an object store lists it under this table's name as a prefix
    Table beside = STACK.stack().runner().catalog().createTable(TableIdentifier.of("orders", "s3_maintained_v10"), table.schema(),
        table.spec());
    OrderFiles.appendSmallFile(beside, 9);
    TableFiles besideBefore = TableFiles.of(beside);
    List<String> rows = sortedRows(table);
    assertThat(rows).hasSize(20).isEqualTo(sortedRows(onDisk));

    assertThat(weft.run(withS3Flags("maintain", spec.toString(), "--task", "compact"))).as(weft.err()).isZero();
    assertThat(weft.out()).isEqualTo("orders.s3-maintained  compact  live files 4 -> 1, snapshots 4 -> 5, stored files 17 -> 25\n");
    assertThat(sortedRows(table)).isEqualTo(rows);
    TableMaintenance maintenance = new TableMaintenance(Duration.ofDays(3));
    assertThat(maintenance.run(plan.product(), onDisk, MaintenanceTask.COMPACT, plan.maintenance(), Instant.now()).after())
        .isEqualTo(TableFiles.of(table));

    MaintenancePlan keepNothing = new MaintenancePlan(Optional.empty(), Optional.of(Duration.ZERO));
    MaintenanceResult expiry = maintenance.run(plan.product(), table, MaintenanceTask.EXPIRE_SNAPSHOTS, keepNothing, Instant.now());
    // the data files the compaction replaced stay until the compaction's own snapshot expires, as on local disk
    assertThat(expiry.after()).isEqualTo(new TableFiles(1, 1, 18))
        .isEqualTo(maintenance.run(plan.product(), onDisk, MaintenanceTask.EXPIRE_SNAPSHOTS, keepNothing, Instant.now()).after());
    assertThat(sortedRows(table)).isEqualTo(rows);

    for (Table copy : List.of(table, onDisk)) {
      try (OutputStream out = copy.io().newOutputFile(copy.location() + "/data/orphan-left-by-a-failed-writer.parquet").createOrOverwrite()) {
        out.write("left by a failed writer".getBytes(StandardCharsets.UTF_8));
      }
    }
    // four days on, the orphan is old enough to go
    Instant later = Instant.now().plus(Duration.ofDays(4));
    MaintenanceResult orphans = maintenance.run(plan.product(), table, MaintenanceTask.REMOVE_ORPHAN_FILES, plan.maintenance(), later);
    assertThat(orphans.before().storedFiles()).isEqualTo(19);
    // gone: the orphan and the four data files the compaction replaced, which no kept snapshot reads any more
    assertThat(orphans.after()).isEqualTo(new TableFiles(1, 1, 14))
        .isEqualTo(maintenance.run(plan.product(), onDisk, MaintenanceTask.REMOVE_ORPHAN_FILES, plan.maintenance(), later).after());
    assertThat(table.io().newInputFile(table.location() + "/data/orphan-left-by-a-failed-writer.parquet").exists()).isFalse();
    assertThat(sortedRows(table)).isEqualTo(rows);
    assertThat(trino("SELECT count(*), sum(order_total), count(DISTINCT \"$path\") FROM iceberg.orders.s3_maintained_v1"))
        .containsExactly("20 | 200.00 | 1");

    assertThat(TableFiles.of(beside)).as("the table beside it").isEqualTo(besideBefore);
    assertThat(Tables.readAll(beside)).hasSize(5);
  }

  private String[] withS3Flags(String... args) {
    List<String> all = new ArrayList<>(List.of(STACK.withServiceFlags(args)));
    all.addAll(List.of("--s3-endpoint", S3.endpoint(), "--s3-path-style-access", "--secrets-dir", WORK.resolve("secrets").toString(),
        "--s3-access-key-id", "${secret:s3-access-key-id}", "--s3-secret-access-key", "${secret:s3-secret-access-key}"));
    return all.toArray(String[]::new);
  }

  private static Map<String, String> renames(String product, String topic) {
    return Map.of("maintained-orders", product, "shop.orders", topic);
  }

  private static Path spec(String product, String topic) throws IOException {
    Path file = Files.createDirectories(WORK.resolve("specs")).resolve(product + ".yaml");
    Files.writeString(file, Specs.text("it/maintained-orders.yaml", renames(product, topic)));
    return file;
  }

  private static List<String> trino(String sql) throws Exception {
    return TrinoQueries.rows(STACK.stack().trino().orElseThrow().jdbcUrl(), System.getProperty("user.name"), sql);
  }

  private static List<String> sortedRows(Table table) {
    return Tables.readAll(table).stream().map(S3WarehouseITCase::row).sorted().toList();
  }

  /** A row as Trino prints it: values joined by " | ", the timestamp in UTC. */
  private static String row(Record record) {
    java.time.OffsetDateTime placed = (java.time.OffsetDateTime) record.getField("placed_at");
    return record.getField("order_id") + " | " + record.getField("customer_id") + " | " + record.getField("order_total") + " | "
        + record.getField("currency") + " | " + placed.toInstant().toString().replace("T", " ").replace("Z", ".000 UTC");
  }

  private static Path temporaryDirectory() {
    try {
      return Files.createTempDirectory("weft-s3-it-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
