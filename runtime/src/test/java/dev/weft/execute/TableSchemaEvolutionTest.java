package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.inmemory.InMemoryCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A product's existing table taking a new minor version's schema, on Iceberg's in-memory catalog. */
class TableSchemaEvolutionTest {
  @TempDir Path specs;
  private final InMemoryCatalog catalog = new InMemoryCatalog();

  @BeforeEach
  void open() {
    catalog.initialize("test", Map.of());
  }

  private ProductPlan plan(String version, String compatibility, String columns, String select) throws Exception {
    Path file = Files.writeString(specs.resolve("totals-" + version + ".yaml"), """
        apiVersion: weft/v1
        kind: DataProduct
        metadata: { name: totals, domain: shop, version: %s, owner: shop@acme.example }
        inputs:
          - name: orders
            kafka:
              topic: shop.orders
              columns:
                - { name: order_id, type: BIGINT }
                - { name: items, type: INT }
                - { name: total, type: "DECIMAL(12,2)" }
        schema:
          primaryKey: [order_id]
          compatibility: %s
          columns:
        %s
        transform: SELECT %s FROM orders
        """.formatted(version, compatibility, columns.indent(4).stripTrailing(), select));
    return ProductSet.compile(List.of(file)).plans().get(0);
  }

  private static List<String> columns(Table table) {
    return table.schema().columns().stream().map(f -> f.name() + " " + f.type() + (f.isRequired() ? " required" : "")).toList();
  }

  @Test
  void addsDropsWidensRelaxesAndReordersInOneSchemaChange() throws Exception {
    Table table = IcebergTables.createIfMissing(catalog, plan("1.0.0", "backward", """
        - { name: order_id, type: BIGINT }
        - { name: items, type: INT, nullable: false }
        - { name: total, type: "DECIMAL(12,2)" }
        - { name: note, type: STRING }""", "order_id, items, total, CAST(NULL AS STRING) AS note"));
    long schemas = table.schemas().size();

    IcebergTables.createIfMissing(catalog, plan("1.1.0", "backward", """
        - { name: order_id, type: BIGINT }
        - { name: channel, type: STRING }
        - { name: total, type: "DECIMAL(14,2)" }
        - { name: items, type: BIGINT }""", "order_id, 'web' AS channel, total, CAST(items AS BIGINT) AS items"));

    table.refresh();
    assertThat(columns(table)).containsExactly("order_id long required", "channel string", "total decimal(14, 2)", "items long");
    assertThat(table.schema().identifierFieldNames()).containsExactly("order_id");
    assertThat(table.schemas()).hasSize((int) schemas + 1);
  }

  @Test
  void whatATableWithRowsCannotTakeIsRefusedNamingEachChange() throws Exception {
    IcebergTables.createIfMissing(catalog, plan("1.0.0", "forward", """
        - { name: order_id, type: BIGINT }
        - { name: items, type: BIGINT }
        - { name: total, type: "DECIMAL(12,2)" }""", "order_id, CAST(items AS BIGINT) AS items, total"));

    // forward compatible (readers of 1.0.0 read all of it), but not something Iceberg can do in place
    ProductPlan narrowed = plan("1.1.0", "forward", """
        - { name: order_id, type: BIGINT }
        - { name: items, type: INT, nullable: false }
        - { name: total, type: "DECIMAL(12,2)" }
        - { name: channel, type: STRING, nullable: false }""", "order_id, items, total, 'web' AS channel");
    assertThatThrownBy(() -> IcebergTables.createIfMissing(catalog, narrowed))
        .hasMessage("Iceberg table test.shop.totals_v1 of product shop.totals@1 cannot take version 1.1.0's schema: column 'items' cannot"
            + " change from long to int in place; column 'items' is made NOT NULL, but the table's rows may hold NULLs in it; column"
            + " 'channel' is added as NOT NULL, but the table's rows have no value for it. That needs a new major version of the product,"
            + " which publishes to a new table.");
    assertThat(columns(catalog.loadTable(IcebergTables.identifier(narrowed))))
        .as("nothing changed").containsExactly("order_id long required", "items long", "total decimal(12, 2)");
  }
}
