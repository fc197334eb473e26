package dev.weft.catalogreport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.ColumnLineage;
import dev.weft.catalog.product.ProductRegistration.ColumnSource;
import dev.weft.catalog.product.ProductRegistration.Input;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProductRegistrationsTest {
  private static final Path EXAMPLES = Path.of("../product-specs");

  @Test
  void aCdcProductIsRegisteredWithItsSpecAsWrittenSecretsUnresolved() throws Exception {
    ProductSet set = ProductSet.compile(List.of(EXAMPLES.resolve("customers/customer-profiles.yaml")));
    ProductPlan plan = set.plans().get(0);

    ProductRegistration registration = ProductRegistrations.of(set.spec(plan), plan);

    assertThat(registration.specYaml()).isEqualTo(Files.readString(EXAMPLES.resolve("customers/customer-profiles.yaml")));
    assertThat(registration.specYaml()).contains("password: \"${secret:shop-db-password}\"");
    assertThat(registration.qualifiedName()).isEqualTo("customers.customer-profiles");
    assertThat(registration.version()).isEqualTo("1.0.0");
    assertThat(registration.owner()).isEqualTo("crm-team@acme.example");
    assertThat(registration.tags()).containsExactly("customers");
    assertThat(registration.costCenter()).isEqualTo("CC-2001");
    assertThat(registration.sla()).isNull();
    assertThat(registration.quality().minValidRatio()).isEqualByComparingTo(BigDecimal.ZERO);
    assertThat(registration.access().readers()).containsExactly("orders", "marketing");
    assertThat(registration.schema().primaryKey()).containsExactly("customer_id");
    assertThat(registration.schema().compatibility()).isEqualTo("backward");
    assertThat(registration.schema().columns()).containsExactly(
        new Column("customer_id", "BIGINT", "Customer id", false, null, false),
        new Column("email", "STRING", "Contact address", false, null, true),
        new Column("tier", "STRING", "Loyalty tier: gold, silver or bronze", false, null, true),
        new Column("country", "STRING", null, false, null, true),
        new Column("updated_at", "TIMESTAMP_LTZ(3)", "Last change of the profile", false, null, true));
    assertThat(registration.outputs()).isEqualTo(new ProductRegistration.Outputs(
        "customers.customer-profiles.v1", "customers.customer_profiles_v1", "customers.customer-profiles.v1.dlq"));
    assertThat(registration.inputs()).containsExactly(new Input("customers", "cdc", "public.customers"));
    assertThat(registration.columnLineage()).containsExactly(
        lineage("customer_id", "customers", "customer_id"),
        lineage("email", "customers", "email"),
        lineage("tier", "customers", "tier"),
        lineage("country", "customers", "country"),
        lineage("updated_at", "customers", "updated_at"));
  }

  @Test
  void piiColumnsCarryTheirMaskAndTheSlaItsTextAndAProductInputItsUpstream() throws Exception {
    ProductSet set = ProductSet.compile(List.of(
        Path.of("src/test/resources/specs/it/pii-orders.yaml"),
        EXAMPLES.resolve("orders/order-events.yaml"),
        Path.of("src/test/resources/specs/catalog-it/big-orders.yaml")));
    ProductPlan pii = set.plans().stream().filter(p -> p.product().equals("orders.pii-orders")).findFirst().orElseThrow();
    ProductPlan orders = set.plans().stream().filter(p -> p.product().equals("orders.order-events")).findFirst().orElseThrow();
    ProductPlan big = set.plans().stream().filter(p -> p.product().equals("finance.big-orders")).findFirst().orElseThrow();

    assertThat(ProductRegistrations.of(set.spec(pii), pii).schema().columns()).containsExactly(
        new Column("order_id", "BIGINT", null, false, null, false),
        new Column("email", "STRING", null, true, "sha256", true),
        new Column("full_name", "STRING", null, true, "redact", true),
        new Column("amount", "DECIMAL(10,2)", null, false, null, true));
    ProductRegistration events = ProductRegistrations.of(set.spec(orders), orders);
    // durations in the runtime's one format: the spec's 60s is 1m
    assertThat(events.sla()).isEqualTo(new ProductRegistration.Sla("1m", "99.9%"));
    assertThat(events.quality().minValidRatio()).isEqualByComparingTo("0.95");
    assertThat(ProductRegistrations.of(set.spec(big), big).inputs()).containsExactly(new Input("orders", "product", "orders.order-events@1"));
  }

  private static ColumnLineage lineage(String column, String input, String from) {
    return new ColumnLineage(column, List.of(new ColumnSource(input, from)));
  }
}
