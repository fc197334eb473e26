package dev.weft.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** `weft backfill`: one batch run per window of a range, each replacing just its day. */
class WeftBackfillITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private static final Map<String, String> RENAME = Map.of("shop.orders", "shop.orders.w", "order-events", "order-events-w");

  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void backfillsEachWindowOfTheRangeAndRedoesJustTheDaysAskedFor() throws Exception {
    Path specs = Files.createTempDirectory("weft-specs-");
    Files.writeString(specs.resolve("order-events.yaml"), Specs.text("it/order-events.yaml", RENAME));
    Files.writeString(specs.resolve("daily-order-totals-windowed.yaml"), Specs.text("it/daily-order-totals-windowed.yaml", RENAME));
    ProductSpec upstream = Specs.load("it/order-events.yaml", RENAME);
    ProductPlan orders = Specs.compile(upstream);
    ProductPlan totals = Specs.compile(Specs.load("it/daily-order-totals-windowed.yaml", RENAME), upstream);
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.orders.w", 2);
    Map<String, long[]> counts = new TreeMap<>();
    Map<String, BigDecimal> revenue = new TreeMap<>();
    DailyOrders.produce(topics, "shop.orders.w", 1, 600, counts, revenue);
    STACK.stack().runner().start(orders, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));

    int exit = weft("backfill", specs.toString(), "--from", "2026-11-01", "--to", "2026-11-04");
    assertThat(exit).as(cli.out() + cli.err()).isZero();
    // against given services and no --catalog-url: nothing to register with
    assertThat(cli.out()).contains("catalog: not registering products (no --catalog-url given)\n");
    assertThat(cli.out()).endsWith("""
        backfilling finance.daily-order-totals-windowed: 3 window(s) of cron '0 0 0 * * ?'
        [#######-------------] 1/3  2026-11-01T00:00:00Z .. 2026-11-02T00:00:00Z  3 rows
        [#############-------] 2/3  2026-11-02T00:00:00Z .. 2026-11-03T00:00:00Z  3 rows
        [####################] 3/3  2026-11-03T00:00:00Z .. 2026-11-04T00:00:00Z  3 rows
        """);
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(totals));
    Map<String, String> threeDays = DailyOrders.rows(table);
    assertThat(threeDays).hasSize(9).isEqualTo(DailyOrders.expected(counts, revenue));

    // late orders for every day arrive upstream; a backfill of 2026-11-02 alone recomputes that day and leaves the others
    DailyOrders.produce(topics, "shop.orders.w", 601, 900, counts, revenue);
    STACK.stack().runner().start(orders, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    cli.clear();
    assertThat(weft("backfill", specs.toString(), "--from", "2026-11-02", "--to", "2026-11-03")).as(cli.out() + cli.err()).isZero();
    assertThat(cli.out()).endsWith("[####################] 1/1  2026-11-02T00:00:00Z .. 2026-11-03T00:00:00Z  3 rows\n");
    Map<String, String> expected = new TreeMap<>(threeDays);
    DailyOrders.expected(counts, revenue).entrySet().stream().filter(e -> e.getKey().startsWith("2026-11-02"))
        .forEach(e -> expected.put(e.getKey(), e.getValue()));
    assertThat(DailyOrders.rows(table)).isEqualTo(expected).isNotEqualTo(threeDays);
  }

  @Test
  void refusesRangesAndProductsItCannotBackfill() throws Exception {
    Path specs = Files.createTempDirectory("weft-specs-");
    Files.writeString(specs.resolve("order-events.yaml"), Specs.text("it/order-events.yaml", RENAME));
    Files.writeString(specs.resolve("daily-order-totals-windowed.yaml"), Specs.text("it/daily-order-totals-windowed.yaml", RENAME));

    assertThat(weft("backfill", specs.toString(), "--from", "2026-11-04", "--to", "2026-11-01")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("--to (2026-11-01T00:00:00Z) must come after --from (2026-11-04T00:00:00Z)\n");
    cli.clear();
    assertThat(weft("backfill", specs.toString(), "--product", "orders.order-events-w", "--from", "2026-11-01", "--to", "2026-11-04"))
        .isEqualTo(2);
    assertThat(cli.err()).isEqualTo("product orders.order-events-w streams: only batch products (schedule.mode: batch) have windows to backfill\n");
    cli.clear();
    assertThat(weft("backfill", specs.toString(), "--from", "2026-11-01T10:00:00Z", "--to", "2026-11-01T20:00:00Z")).isEqualTo(2);
    assertThat(cli.err()).isEqualTo("no window of cron '0 0 0 * * ?' lies within 2026-11-01T10:00:00Z .. 2026-11-01T20:00:00Z\n");
    cli.clear();
    assertThat(weft("backfill", specs.toString(), "--from", "yesterday", "--to", "2026-11-01")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--from': 'yesterday' is neither a date like 2026-11-01 "
        + "nor an instant like 2026-11-01T03:00:00Z\n");
  }

  private int weft(String... args) {
    return cli.run(STACK.withServiceFlags(args));
  }

}
