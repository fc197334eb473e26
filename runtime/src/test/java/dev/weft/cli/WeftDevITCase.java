package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The README's first command, and `weft run` against services it did not start. */
class WeftDevITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  private final WeftCommandLine cli = new WeftCommandLine();

  private int weft(String... args) {
    return cli.run(args);
  }

  @Test
  void devRunsTheWholeExampleMeshOnSampleData() throws Exception {
    Path work = Files.createTempDirectory("weft-dev-");
    int exit = weft("dev", "../product-specs", "--until-idle", "--records", "200", "--work-dir", work.toString(), "--checkpoint-interval", "1s",
        "--catalog-port", "0");

    assertThat(exit).as(cli.err()).isZero();
    String output = cli.out();
    // the catalog service runs in-process on the embedded PostgreSQL, and every product is registered with it
    assertThat(output).containsPattern("catalog: http://localhost:\\d+/ \\(web page\\), API http://localhost:\\d+/api/v1, OpenAPI ");
    assertThat(output).contains("catalog: customers.customer-profiles 1.0.0 registered\n", "catalog: orders.order-events 1.0.0 registered\n",
        "catalog: payments.payment-events 1.0.0 registered\n", "catalog: finance.daily-revenue 1.0.0 registered\n",
        "catalog: orders.orders-with-tier 1.0.0 registered\n");
    assertThat(output).contains("  sample data      200 records -> shop.orders\n");
    assertThat(output).contains("  shop database    jdbc:postgresql://localhost:").contains("/shop (52 customers to start with)\n");
    assertThat(output).contains("""
        orders.order-events 1.0.0
          topic         orders.order-events.v1
          dead letters  orders.order-events.v1.dlq
          table         orders.order_events_v1
          table rows    196
        """);
    assertThat(section(output, "orders.order-events 1.0.0")).contains("  dead letters  4\n");
    assertThat(section(output, "customers.customer-profiles 1.0.0")).contains("  table rows    50\n").contains("  dead letters  2\n");
    assertThat(output).contains("  cdc slot      weft_customers_customer_profiles_v1_customers (keeps changes since ");
    assertThat(section(output, "payments.payment-events 1.0.0")).contains("  table rows    196\n").contains("  dead letters  4\n");
    assertThat(section(output, "finance.daily-revenue 1.0.0")).contains("  table rows    3\n").contains("  dead letters  0\n");
    assertThat(section(output, "orders.orders-with-tier 1.0.0")).contains("  table rows    196\n").contains("  dead letters  0\n");
  }

  @Test
  void runUsesTheKafkaAndCatalogItIsGiven() throws Exception {
    var stack = STACK.stack();
    Topics topics = new Topics(stack.kafka().clientProperties());
    topics.create("psp.payments", 1);
    List<Map.Entry<String, String>> payments = new ArrayList<>();
    for (int i = 1; i <= 50; i++) {
      payments.add(Map.entry(Integer.toString(i), "{\"payment_id\": " + i + ", \"order_id\": " + (1000 + i) + ", \"amount\": " + (i % 10 == 0 ? "-1.00" : i + ".50")
          + ", \"method\": \"card\", \"captured_at\": \"2026-11-20T08:00:00Z\"}"));
    }
    topics.produce("psp.payments", payments);

    int exit = weft("run", "../product-specs/payments/payment-events.yaml", "--until-idle",
        "--kafka", stack.kafka().bootstrapServers(),
        "--catalog-uri", stack.catalog().jdbcUrl(), "--catalog-user", stack.catalog().user(),
        "--warehouse", stack.catalog().warehouse(), "--work-dir", STACK.workDir().toString(), "--checkpoint-interval", "1s");

    assertThat(exit).as(cli.err()).isZero();
    assertThat(cli.out()).contains("catalog: not registering products (no --catalog-url given)\n");
    assertThat(cli.out()).contains("  table rows    45\n").contains("  dead letters  5\n");
    assertThat(topics.readAll("payments.payment-events.v1")).hasSize(45);
  }

  /** The lines a product's status block printed, from its header to the next blank-free header. */
  private static String section(String output, String header) {
    int start = output.indexOf(header + "\n");
    assertThat(start).as("%s in output:\n%s", header, output).isNotNegative();
    int end = output.indexOf("\n", output.indexOf("  dead letters  ", output.indexOf("  table rows", start)));
    return output.substring(start, end + 1);
  }
}
