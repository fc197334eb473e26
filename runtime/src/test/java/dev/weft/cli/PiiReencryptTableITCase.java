package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.dev.EmbeddedPostgres;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.LeaseHolder;
import dev.weft.execute.WeftOptions;
import dev.weft.execute.WriterLease;
import dev.weft.execute.WriterLeases;
import dev.weft.jobs.mask.DeterministicCipher;
import dev.weft.jobs.mask.SivHmacV1Cipher;
import dev.weft.maintain.TableReencryption;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft pii reencrypt-table}: a table written partly before the cipher changed ({@code enc:v1:})
 * and partly since ({@code enc:v2:}), with its encrypt column in the upsert key, rewritten to
 * {@code enc:v2:} only, one row per key, in one commit; a second run changes nothing; refused while
 * the product runs. The table is partitioned by a bucket of the encrypted key, so rows move between
 * partitions. No Flink job: the table is written with Iceberg's generic writers.
 */
class PiiReencryptTableITCase {
  /** A 32-byte key: the first construction's, with which the jobs write enc:v2: values since. */
  private static final byte[] KEY = new byte[32];

  static {
    Arrays.fill(KEY, (byte) 7);
  }

  private static final SivHmacV1Cipher V1 = new SivHmacV1Cipher(KEY);
  private static final DeterministicCipher V2 = new DeterministicCipher(KEY);

  @TempDir
  static Path work;

  private static EmbeddedPostgres postgres;
  private static Catalog catalog;
  private static IcebergCatalogSettings settings;

  @BeforeAll
  static void startTheCatalogDatabase() throws Exception {
    postgres = EmbeddedPostgres.start(work.resolve("postgres"));
    Files.createDirectories(work.resolve("secrets"));
    Files.writeString(work.resolve("secrets").resolve("reencrypt-key"), Base64.getEncoder().encodeToString(KEY) + "\n");
    Configuration options = new Configuration();
    options.set(WeftOptions.WORK_DIR, work.toString());
    settings = IcebergCatalogSettings.of(options, postgres.jdbcUrl(), postgres.user(), "");
    catalog = settings.open();
  }

  @AfterAll
  static void stopTheCatalogDatabase() throws Exception {
    postgres.close();
  }

  private static String[] reencrypt(String... more) {
    List<String> args = new ArrayList<>(List.of("pii", "reencrypt-table", work.resolve("pii-reencrypt.yaml").toString(),
        "--catalog-uri", postgres.jdbcUrl(), "--catalog-user", postgres.user(), "--work-dir", work.toString(),
        "--secrets-dir", work.resolve("secrets").toString()));
    args.addAll(List.of(more));
    return args.toArray(String[]::new);
  }

  @Test
  void everyV1ValueBecomesV2InOneCommitOneRowPerKeyAndASecondRunChangesNothing() throws Exception {
    Files.writeString(work.resolve("pii-reencrypt.yaml"), Specs.text("it/pii-reencrypt.yaml", Map.of()));
    ProductPlan plan = Specs.compile(Specs.load("it/pii-reencrypt.yaml", Map.of()));
    Table table = IcebergTables.createIfMissing(catalog, plan);
    // written before the cipher changed
    append(table, List.of(row(table.schema(), V1.encrypt("a@shop.example"), V1.encrypt("+100"), "gold", 1),
        row(table.schema(), V1.encrypt("b@shop.example"), null, "silver", 2),
        row(table.schema(), V1.encrypt("d@shop.example"), V1.encrypt("+400"), "gold", 4)));
    // written since: c is new, d was updated (its old row stays under its enc:v1: key)
    append(table, List.of(row(table.schema(), V2.encrypt("c@shop.example"), V2.encrypt("+300"), "gold", 3),
        row(table.schema(), V2.encrypt("d@shop.example"), V2.encrypt("+401"), "silver", 5)));
    table.refresh();
    long before = table.currentSnapshot().snapshotId();

    WeftCommandLine cli = new WeftCommandLine();
    assertThat(cli.run(reencrypt("--dry-run"))).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("orders.pii-reencrypt: would re-encrypt 5 enc:v1: values as enc:v2: in column(s) email, phone of 5 rows; "
        + "1 row(s) of an enc:v1: key dropped for the newer row of the same key; nothing written (--dry-run)\n");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).as("a dry run writes nothing").isEqualTo(before);

    cli.clear();
    assertThat(cli.run(reencrypt())).as(cli.err()).isZero();
    table.refresh();
    long after = table.currentSnapshot().snapshotId();
    assertThat(cli.out()).isEqualTo("orders.pii-reencrypt: re-encrypted 5 enc:v1: values as enc:v2: in column(s) email, phone of 5 rows; "
        + "1 row(s) of an enc:v1: key dropped for the newer row of the same key (snapshot " + after + ")\n");
    assertThat(table.currentSnapshot().parentId()).as("one commit").isEqualTo(before);
    assertThat(table.currentSnapshot().operation()).isEqualTo("overwrite");
    assertThat(table.currentSnapshot().summary()).containsEntry(TableReencryption.REENCRYPTED_VALUES, "5");
    List<String> expected = List.of(
        V2.encrypt("a@shop.example") + "|" + V2.encrypt("+100") + "|gold|1",
        V2.encrypt("b@shop.example") + "|null|silver|2",
        V2.encrypt("c@shop.example") + "|" + V2.encrypt("+300") + "|gold|3",
        V2.encrypt("d@shop.example") + "|" + V2.encrypt("+401") + "|silver|5");
    assertThat(rows(table)).isEqualTo(expected);

    cli.clear();
    assertThat(cli.run(reencrypt())).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo("orders.pii-reencrypt: no enc:v1: values in column(s) email, phone of 4 rows; table unchanged\n");
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).as("a second run commits nothing").isEqualTo(after);
    assertThat(rows(table)).isEqualTo(expected);

    // while another process holds the product's writer lease (it runs the product), the table is not touched
    LeaseHolder running = new LeaseHolder(UUID.randomUUID().toString(), LeaseHolder.thisHost(),
        OptionalLong.of(ProcessHandle.current().parent().orElseThrow().pid()), OptionalLong.empty(), new JobID(), Optional.empty());
    try (WriterLeases leases = new WriterLeases(settings, Duration.ofMinutes(1))) {
      WriterLease lease = leases.acquire(plan.versionedName(), running);
      cli.clear();
      assertThat(cli.run(reencrypt())).isEqualTo(1);
      assertThat(cli.err()).isEqualTo("table of orders.pii-reencrypt not re-encrypted: product orders.pii-reencrypt@1 is already running as "
          + running.describe() + "; stop it there first (a second writer would abort its Kafka transactions and lose records from the topic)\n");
      leases.release(lease);
    }
    table.refresh();
    assertThat(table.currentSnapshot().snapshotId()).isEqualTo(after);
  }

  private static Record row(org.apache.iceberg.Schema schema, String email, String phone, String tier, long orderId) {
    Record row = GenericRecord.create(schema);
    row.setField("email", email);
    row.setField("phone", phone);
    row.setField("tier", tier);
    row.setField("order_id", orderId);
    return row;
  }

  /** {@code email|phone|tier|order_id}, by order id. */
  private static List<String> rows(Table table) {
    return Tables.readAll(table).stream()
        .sorted(java.util.Comparator.comparing(r -> (Long) r.getField("order_id")))
        .map(r -> r.getField("email") + "|" + r.getField("phone") + "|" + r.getField("tier") + "|" + r.getField("order_id"))
        .toList();
  }

  /** One append of {@code rows}, a data file per partition (the table is partitioned by a bucket of the key). */
  private static void append(Table table, List<Record> rows) throws Exception {
    GenericAppenderFactory appenders = new GenericAppenderFactory(table.schema(), table.spec());
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, System.nanoTime()).format(FileFormat.PARQUET).build();
    Map<String, List<Record>> byPartition = new java.util.TreeMap<>();
    Map<String, PartitionKey> partitions = new java.util.HashMap<>();
    for (Record row : rows) {
      PartitionKey partition = new PartitionKey(table.spec(), table.schema());
      partition.partition(row);
      String path = table.spec().partitionToPath(partition);
      partitions.put(path, partition);
      byPartition.computeIfAbsent(path, p -> new ArrayList<>()).add(row);
    }
    AppendFiles append = table.newAppend();
    for (Map.Entry<String, List<Record>> part : byPartition.entrySet()) {
      PartitionKey partition = partitions.get(part.getKey());
      DataWriter<Record> writer = appenders.newDataWriter(files.newOutputFile(table.spec(), partition), FileFormat.PARQUET, partition);
      try (writer) {
        part.getValue().forEach(writer::write);
      }
      append.appendFile(writer.toDataFile());
    }
    append.commit();
  }
}
