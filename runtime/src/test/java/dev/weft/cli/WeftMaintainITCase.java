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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `weft maintain` against a catalog it is given: the runs it makes, the history it keeps, the tasks it refuses. */
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

  private int weft(String... args) {
    return cli.run(STACK.withServiceFlags(args));
  }


  private static Path spec(String name) throws Exception {
    Path file = Files.createTempDirectory("weft-specs-").resolve(name + ".yaml");
    Files.writeString(file, Specs.text("it/maintained-orders.yaml", Map.of("maintained-orders", name)));
    return file;
  }
}
