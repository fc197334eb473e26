package dev.weft.impact;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalogreport.CatalogConnection;
import dev.weft.catalogreport.ProductRegistrations;
import dev.weft.execute.WeftOptions;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Topics;
import dev.weft.testing.WeftCommandLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code weft impact} against the real catalog and broker: the example mesh's order-events with
 * its two downstream products (orders-with-tier, daily-revenue) registered, a domain's consumer
 * group and a downstream product's job group on its topic. No job runs: the catalog's
 * registrations and the groups' committed offsets are all impact reads.
 */
class ImpactITCase {
  private static final String TOKEN = "impact-token";
  private static final String TOPIC = "orders.order-events.v1";

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();

  static {
    STACK.options().set(WeftOptions.CATALOG_SERVICE_PORT, 0);
    STACK.options().set(WeftOptions.CATALOG_SERVICE_TOKEN, TOKEN);
  }

  @TempDir static Path specs;
  private static CatalogConnection catalog;
  private static URI base;

  @BeforeAll
  static void registerTheMeshAndItsReaders() throws Exception {
    catalog = CatalogConnection.open(STACK.options(), Optional.of(STACK.stack().postgres()), new PrintWriter(new StringWriter(), true));
    base = catalog.url().orElseThrow();
    ProductSet mesh = ProductSet.compile(List.of(Path.of("../product-specs/orders"), Path.of("../product-specs/finance")));
    CatalogClient client = new CatalogClient(base, TOKEN);
    for (ProductPlan plan : mesh.plans()) {
      client.register(ProductRegistrations.of(mesh.spec(plan), plan));
    }
    var kafka = STACK.stack().kafka().clientProperties();
    Topics topics = new Topics(kafka);
    topics.create(TOPIC, 1);
    topics.produce(TOPIC, IntStream.range(0, 10).mapToObj(i -> Map.entry(Integer.toString(i), "{}")).toList());
    try (Admin admin = Admin.create(kafka)) {
      TopicPartition partition = new TopicPartition(TOPIC, 0);
      long end = admin.listOffsets(Map.of(partition, OffsetSpec.latest())).all().get().get(partition).offset();
      // a marketing dashboard that read 4 of the 10 records; daily-revenue's job, caught up
      admin.alterConsumerGroupOffsets("marketing.dashboard", Map.of(partition, new OffsetAndMetadata(4))).all().get();
      admin.alterConsumerGroupOffsets("weft.finance.daily-revenue.v1", Map.of(partition, new OffsetAndMetadata(end))).all().get();
    }
  }

  @AfterAll
  static void stop() {
    catalog.close();
  }

  @Test
  void droppingAColumnThatDownstreamProductsReadBreaksThemAndEveryWholeRecordReader() throws Exception {
    Path spec = orderEvents("order-events-drops-currency.yaml", text -> text
        .replace("    - { name: currency, type: STRING, description: \"ISO 4217 code, upper case\" }\n", "")
        .replace(" UPPER(currency) AS currency,", "")
        .replace("    - { name: known-currency, check: \"currency IN ('EUR', 'USD', 'GBP')\" }\n", ""));
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run("impact", spec.toString(), "--catalog-url", base.toString(), "--kafka", STACK.stack().kafka().bootstrapServers()))
        .as(weft.err()).isEqualTo(3);
    assertThat(weft.out()).isEqualTo("""
        orders.order-events 1.1.0 against 1.0.0 in the catalog (topic orders.order-events.v1, table orders.order_events_v1)
        changes:
          column 'currency' dropped
          its compatibility mode allows them
        downstream products (the catalog's column lineage: upstream column -> their column):
          BREAKS finance.daily-revenue 1.0.0: currency -> currency, order_total -> revenue, placed_at -> order_day
                 column 'currency' dropped, which it reads into currency
          BREAKS orders.orders-with-tier 1.0.0: currency -> currency, customer_id -> customer_id, order_id -> order_id, order_total -> order_total, placed_at -> placed_at
                 column 'currency' dropped, which it reads into currency
        consumer groups on orders.order-events.v1 (Kafka):
          BREAKS marketing.dashboard: domain marketing, lag 6, no active member (Empty), whole records
                 column 'currency' dropped
          BREAKS weft.finance.daily-revenue.v1: the job of downstream product finance.daily-revenue@1, lag 0, no active member (Empty)
                 column 'currency' dropped, which it reads into currency
        Trino readers (access.readers) of orders.order_events_v1:
          BREAKS finance: the whole table
                 column 'currency' dropped
          BREAKS marketing: the whole table
                 column 'currency' dropped
        6 reader(s) break
        """);
  }

  @Test
  void addingAColumnBreaksNobody() throws Exception {
    Path spec = orderEvents("order-events-adds-coupon.yaml", text -> text
        .replace("        - { name: channel, type: STRING }\n", "        - { name: channel, type: STRING }\n        - { name: coupon, type: STRING }\n")
        .replace("    - { name: channel, type: STRING, description: \"web, app or store\" }\n",
            "    - { name: channel, type: STRING, description: \"web, app or store\" }\n    - { name: coupon, type: STRING }\n")
        .replace("       channel, created_at AS placed_at", "       channel, coupon, created_at AS placed_at"));
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run("impact", spec.toString(), "--catalog-url", base.toString(), "--kafka", STACK.stack().kafka().bootstrapServers()))
        .as(weft.err()).isZero();
    assertThat(weft.out()).isEqualTo("""
        orders.order-events 1.1.0 against 1.0.0 in the catalog (topic orders.order-events.v1, table orders.order_events_v1)
        changes:
          column 'coupon' added
          its compatibility mode allows them
        downstream products (the catalog's column lineage: upstream column -> their column):
          ok     finance.daily-revenue 1.0.0: currency -> currency, order_total -> revenue, placed_at -> order_day
          ok     orders.orders-with-tier 1.0.0: currency -> currency, customer_id -> customer_id, order_id -> order_id, order_total -> order_total, placed_at -> placed_at
        consumer groups on orders.order-events.v1 (Kafka):
          ok     marketing.dashboard: domain marketing, lag 6, no active member (Empty), whole records
          ok     weft.finance.daily-revenue.v1: the job of downstream product finance.daily-revenue@1, lag 0, no active member (Empty)
        Trino readers (access.readers) of orders.order_events_v1:
          ok     finance: the whole table
          ok     marketing: the whole table
        nothing breaks
        """);
  }

  /**
   * The chain order-events -> orders-with-tier -> marketing.tier-mix, and a marketing group on
   * orders-with-tier's topic: dropping a column from the middle product breaks the product after it
   * (which reads it) and the group, and touches nothing up the chain.
   */
  @Test
  void droppingAColumnInTheMiddleOfAThreeProductChainBreaksTheProductAfterItAndTheGroupOnItsTopic() throws Exception {
    Path tierMix = Files.writeString(specs.resolve("tier-mix.yaml"), """
        apiVersion: weft/v1
        kind: DataProduct
        metadata:
          name: tier-mix
          domain: marketing
          version: 1.0.0
          owner: marketing-team@acme.example
          description: Orders with their customer's tier and currency, for the tier mix dashboard.
        inputs:
          - name: orders
            product: orders.orders-with-tier@1
        schema:
          primaryKey: [order_id]
          columns:
            - { name: order_id, type: BIGINT, nullable: false }
            - { name: customer_tier, type: STRING }
            - { name: currency, type: STRING }
        transform: |
          SELECT order_id, customer_tier, currency FROM orders
        cost: { center: CC-7007 }
        """);
    ProductSet chain = ProductSet.compile(List.of(Path.of("../product-specs/orders"), tierMix));
    ProductPlan plan = chain.plans().stream().filter(p -> p.product().equals("marketing.tier-mix")).findFirst().orElseThrow();
    new CatalogClient(base, TOKEN).register(ProductRegistrations.of(chain.spec(plan), plan));
    var kafka = STACK.stack().kafka().clientProperties();
    String topic = "orders.orders-with-tier.v1";
    new Topics(kafka).create(topic, 1);
    new Topics(kafka).produce(topic, IntStream.range(0, 5).mapToObj(i -> Map.entry(Integer.toString(i), "{}")).toList());
    try (Admin admin = Admin.create(kafka)) {
      admin.alterConsumerGroupOffsets("marketing.tier-report", Map.of(new TopicPartition(topic, 0), new OffsetAndMetadata(2))).all().get();
    }
    String original = Files.readString(Path.of("../product-specs/orders/orders-with-tier.yaml"));
    Path spec = Files.writeString(specs.resolve("orders-with-tier-drops-currency.yaml"), original.replace("version: 1.0.0", "version: 1.1.0")
        .replace("    - { name: currency, type: STRING }\n", "").replace(" o.order_total, o.currency,", " o.order_total,"));
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run("impact", spec.toString(), "--with", "../product-specs/orders/order-events.yaml", "--catalog-url", base.toString(),
        "--kafka", STACK.stack().kafka().bootstrapServers())).as(weft.err()).isEqualTo(3);
    assertThat(weft.out()).isEqualTo("""
        orders.orders-with-tier 1.1.0 against 1.0.0 in the catalog (topic orders.orders-with-tier.v1, table orders.orders_with_tier_v1)
        changes:
          column 'currency' dropped
          its compatibility mode allows them
        downstream products (the catalog's column lineage: upstream column -> their column):
          BREAKS marketing.tier-mix 1.0.0: currency -> currency, customer_tier -> customer_tier, order_id -> order_id
                 column 'currency' dropped, which it reads into currency
        consumer groups on orders.orders-with-tier.v1 (Kafka):
          BREAKS marketing.tier-report: domain marketing, lag 3, no active member (Empty), whole records
                 column 'currency' dropped
        Trino readers (access.readers) of orders.orders_with_tier_v1:
          BREAKS marketing: the whole table
                 column 'currency' dropped
        3 reader(s) break
        """);
  }

  /** The example order-events spec as version 1.1.0, edited. */
  private static Path orderEvents(String file, java.util.function.UnaryOperator<String> edit) throws Exception {
    String original = Files.readString(Path.of("../product-specs/orders/order-events.yaml"));
    String edited = edit.apply(original.replace("version: 1.0.0", "version: 1.1.0"));
    assertThat(edited).isNotEqualTo(original.replace("version: 1.0.0", "version: 1.1.0"));
    return Files.writeString(specs.resolve(file), edited);
  }
}
