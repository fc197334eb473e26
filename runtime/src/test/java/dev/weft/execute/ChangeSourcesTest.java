package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.source.cdc.MySqlTable;
import dev.weft.jobs.source.cdc.PostgresTable;
import dev.weft.spec.References;
import dev.weft.testing.Specs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChangeSourcesTest {

  @Test
  void resolvesAPostgresInputWithItsSlotNamedAfterProductAndInput() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/customer-profiles-cdc.yaml", Map.of("SHOP_DB_URL", "jdbc:postgresql://db.internal/shop")));
    assertThat(ChangeSources.resolve(plan, References.fromEnvironment()).get("customers")).isEqualTo(new PostgresTable(
        "db.internal", 5432, "shop", "public", "customers", "postgres", "trusted", "weft_customers_customer_profiles_v1_customers"));
  }

  @Test
  void resolvesReferencesOnlyWhenAsked() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/customer-profiles-cdc.yaml",
        Map.of("SHOP_DB_URL", "${env:SHOP_DB_URL}", "password: trusted", "password: \"${secret:shop-db-password}\"")));
    assertThat(((InputPlan.Cdc) plan.input("customers")).capture().password()).isEqualTo("${secret:shop-db-password}");
    var references = References.fromEnvironment(Map.of("SHOP_DB_URL", "jdbc:postgresql://localhost:6543/shop"), Map.of("shop-db-password", "s3cret"));
    PostgresTable table = (PostgresTable) ChangeSources.resolve(plan, references).get("customers");
    assertThat(table.port()).isEqualTo(6543);
    assertThat(table.password()).isEqualTo("s3cret");
    assertThat(table.toString()).doesNotContain("s3cret");
  }

  @Test
  void refusesAUrlOfAnotherDatabase() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/customer-profiles-cdc.yaml", Map.of("SHOP_DB_URL", "jdbc:mysql://localhost:3306/shop")));
    assertThatThrownBy(() -> ChangeSources.resolve(plan, References.fromEnvironment()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("product customers.customer-profiles, input 'customers': url 'jdbc:mysql://localhost:3306/shop' is not a postgres "
            + "JDBC URL; write jdbc:postgresql://host:port/database");
  }

  @Test
  void givesEachMySqlInputItsOwnRangeOfServerIds() throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/customer-profiles-mysql.yaml", Map.of("SHOP_DB_URL", "jdbc:mysql://db.internal")));
    MySqlTable table = (MySqlTable) ChangeSources.resolve(plan, References.fromEnvironment()).get("customers");
    assertThat(table.hostname()).isEqualTo("db.internal");
    assertThat(table.port()).isEqualTo(3306);
    assertThat(table.qualifiedName()).isEqualTo("shop.customers");
    String[] ids = table.serverIds().split("-");
    assertThat(Long.parseLong(ids[1]) - Long.parseLong(ids[0])).isEqualTo(7);
    assertThat(Long.parseLong(ids[0])).isBetween(10_000L, 4_294_967_295L - 8);
  }
}
