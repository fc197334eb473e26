package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.OrderFiles;
import dev.weft.testing.Specs;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import dev.weft.testing.Topics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The table commands against a catalog they are given: `weft maintain` (the runs it makes, the history
 * it keeps, the tasks it refuses), and a table whose files are gone, refused by `weft run` until
 * `weft drop --table` lets the next run rebuild it.
 */
class WeftMaintainITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void compactsNowAndKeepsTheRunInTheHistory() throws Exception {
    Path spec = spec("maintained-orders-cli");
    ProductPlan plan = Specs.compile(Specs.load("it/maintained-orders.yaml", Map.of("maintained-orders", "maintained-orders-cli")));
    OrderFiles.tableOfSmallCommits(STACK.stack().runner().catalog(), plan, 4);

    assertThat(weft("maintain", spec.toString(), "--task", "compact")).as(cli.err()).isZero();
    assertThat(cli.out()).isEqualTo(
        "orders.maintained-orders-cli  compact  live files 4 -> 1, snapshots 4 -> 5, stored files 17 -> 25\n");

    cli.clear();
    assertThat(weft("maintain", spec.toString(), "--history")).as(cli.err()).isZero();
    assertThat(cli.out()).startsWith("orders.maintained-orders-cli\n  ")
        .endsWith("  compact  attempt 1  succeeded  live files 4 -> 1, snapshots 4 -> 5, stored files 17 -> 25\n");
  }

  @Test
  void refusesAnUnknownTaskAProductWithoutTableAndExpiryWithoutKeepSnapshots() throws Exception {
    Path spec = spec("maintained-orders-refused");
    assertThat(weft("maintain", spec.toString(), "--task", "vacuum")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--task' (TASK): unknown task 'vacuum': use compact, expire-snapshots, remove-orphan-files\n");

    cli.clear();
    assertThat(weft("maintain", spec.toString())).isEqualTo(1);
    assertThat(cli.out()).isEqualTo("product orders.maintained-orders-refused has no table yet (orders.maintained_orders_refused_v1): run it first\n");

    cli.clear();
    Path keepsAll = Files.createTempDirectory("weft-specs-").resolve("order-events.yaml");
    Files.writeString(keepsAll, Specs.text("it/order-events.yaml", Map.of("order-events", "order-events-keeps-all")));
    IcebergTables.createIfMissing(STACK.stack().runner().catalog(), Specs.compile(Specs.load("it/order-events.yaml",
        Map.of("order-events", "order-events-keeps-all"))));
    assertThat(weft("maintain", keepsAll.toString(), "--task", "expire-snapshots")).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("product orders.order-events-keeps-all keeps every snapshot of its table: "
        + "set outputs.table.keepSnapshots to expire them\n");
  }

  @Test
  void aTableWhoseFilesAreGoneIsRefusedUntilDroppedAndThenRebuiltFromItsSources() throws Exception {
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders", 1);
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int i = 1; i <= 20; i++) {
      orders.add(Map.entry(Integer.toString(i), "{\"order_id\": " + i + ", \"customer_id\": " + (100 + i) + ", \"total\": " + i
          + ".50, \"currency\": \"eur\", \"created_at\": \"2026-12-07T10:" + (10 + i) + ":00Z\"}"));
    }
    topics.produce("shop.orders", orders);
    Path spec = spec("orders-files-gone");
    String workDir = STACK.workDir().resolve("files-gone").toString();
    assertThat(weft("run", spec.toString(), "--until-idle", "--work-dir", workDir)).as(cli.err()).isZero();
    ProductPlan plan = Specs.compile(Specs.load("it/maintained-orders.yaml", Map.of("maintained-orders", "orders-files-gone")));
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    List<String> rows = orderIds(table);
    assertThat(rows).hasSize(20);

    Path metadata = Path.of(java.net.URI.create(table.location().startsWith("/") ? "file:" + table.location() : table.location()))
        .resolve("metadata");
    String current = ((org.apache.iceberg.HasTableOperations) table).operations().current().metadataFileLocation();
    try (var files = Files.walk(metadata)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
    }
    cli.clear();
    assertThat(weft("run", spec.toString(), "--until-idle", "--work-dir", workDir)).isEqualTo(1);
    assertThat(cli.err()).isEqualTo("product orders.orders-files-gone: table orders.orders_files_gone_v1 is in the Iceberg "
        + "catalog, but its files are gone (Failed to open input stream for file: " + current + "); was the warehouse deleted? Restore the "
        + "files, or drop the table with `weft drop SPEC --table` and run the product again to rebuild it from its sources\n");

    cli.clear();
    assertThat(weft("drop", spec.toString(), "--table", "--work-dir", workDir)).as(cli.err()).isZero();
    assertThat(cli.out()).matches("orders.orders-files-gone: dropped table orders.orders_files_gone_v1 from the Iceberg catalog "
        + "\\(its files stay\\) and deleted its retained checkpoints \\([1-9][0-9]* files\\); its next run rebuilds the table from its sources\n");

    cli.clear();
    assertThat(weft("run", spec.toString(), "--until-idle", "--work-dir", workDir)).as(cli.err()).isZero();
    assertThat(orderIds(STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan)))).isEqualTo(rows);
  }

  private static List<String> orderIds(Table table) {
    return dev.weft.testing.Tables.readAll(table).stream().map(r -> r.getField("order_id") + " " + r.getField("order_total"))
        .sorted().toList();
  }

  private int weft(String... args) {
    return cli.run(STACK.withServiceFlags(args));
  }


  private static Path spec(String name) throws Exception {
    Path file = Files.createTempDirectory("weft-specs-").resolve(name + ".yaml");
    Files.writeString(file, Specs.text("it/maintained-orders.yaml", Map.of("maintained-orders", name)));
    return file;
  }
}
