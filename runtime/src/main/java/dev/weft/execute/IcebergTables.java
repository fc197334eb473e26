package dev.weft.execute;

import dev.weft.plan.PartitionFieldPlan;
import dev.weft.plan.ProductPlan;
import java.util.List;
import java.util.Map;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.catalog.UniqueConstraint;
import org.apache.flink.table.types.utils.TypeConversions;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.NotFoundException;
import org.apache.iceberg.flink.FlinkSchemaUtil;

/** A product's Iceberg table: format v2, its published columns, primary key and partition spec. */
public final class IcebergTables {
  private IcebergTables() {}

  public static TableIdentifier identifier(ProductPlan plan) {
    return TableIdentifier.of(plan.names().tableNamespace(), plan.names().table());
  }

  public static Schema schema(ProductPlan plan) {
    List<Column> columns = plan.columns().stream()
        .<Column>map(c -> Column.physical(c.name(), TypeConversions.fromLogicalToDataType(
            plan.primaryKey().contains(c.name()) ? c.type().copy(false) : c.type())))
        .toList();
    UniqueConstraint key = plan.upsert() ? UniqueConstraint.primaryKey("pk", plan.primaryKey()) : null;
    return FlinkSchemaUtil.convert(new ResolvedSchema(columns, List.of(), key));
  }

  public static PartitionSpec partitionSpec(Schema schema, ProductPlan plan) {
    PartitionSpec.Builder spec = PartitionSpec.builderFor(schema);
    for (PartitionFieldPlan field : plan.partitionBy()) {
      switch (field.transform()) {
        case "identity" -> spec.identity(field.column());
        case "year" -> spec.year(field.column());
        case "month" -> spec.month(field.column());
        case "day" -> spec.day(field.column());
        case "hour" -> spec.hour(field.column());
        case "bucket" -> spec.bucket(field.column(), field.width().getAsInt());
        case "truncate" -> spec.truncate(field.column(), field.width().getAsInt());
        default -> throw new IllegalArgumentException("unknown partition transform " + field.transform());
      }
    }
    return spec.build();
  }

  /**
   * Creates the product's table if it does not exist yet. An existing table of another schema is
   * evolved to the plan's, for the changes a new minor version may make (the catalog checked them
   * against the schema compatibility the product declares): columns added as nullable, dropped,
   * made nullable, widened (INT to BIGINT, FLOAT to DOUBLE, DECIMAL to more digits), reordered.
   * Anything else needs a new major version, which publishes to a new table.
   */
  public static Table createIfMissing(Catalog catalog, ProductPlan plan) {
    TableIdentifier id = identifier(plan);
    Schema schema = schema(plan);
    if (catalog instanceof SupportsNamespaces namespaces && !namespaces.namespaceExists(id.namespace())) {
      namespaces.createNamespace(Namespace.of(id.namespace().levels()));
    }
    boolean exists;
    try {
      exists = catalog.tableExists(id); // loads the table's metadata
    } catch (NotFoundException e) {
      throw filesGone(plan, id, e);
    }
    if (!exists) {
      return catalog.buildTable(id, schema)
          .withPartitionSpec(partitionSpec(schema, plan))
          .withProperties(Map.of(TableProperties.FORMAT_VERSION, "2", "weft.product", plan.product()))
          .create();
    }
    Table table = load(catalog, plan);
    if (!sameColumns(table.schema(), schema)) {
      TableSchemaEvolution.evolve(table, schema, plan);
      table.refresh();
    }
    return table;
  }

  /**
   * The product's table. A table the catalog names whose metadata files are gone (a deleted
   * warehouse or work directory) is refused with what happened and the ways out, not Iceberg's
   * NotFoundException from deep inside the load.
   */
  public static Table load(Catalog catalog, ProductPlan plan) {
    TableIdentifier id = identifier(plan);
    try {
      return catalog.loadTable(id);
    } catch (NotFoundException e) {
      throw filesGone(plan, id, e);
    }
  }

  private static IllegalStateException filesGone(ProductPlan plan, TableIdentifier id, NotFoundException e) {
    return new IllegalStateException("product " + plan.product() + ": table " + id + " is in the Iceberg catalog, but its files "
        + "are gone (" + e.getMessage() + "); was the warehouse deleted? Restore the files, or drop the table with "
        + "`weft drop SPEC --table` and run the product again to rebuild it from its sources", e);
  }

  /** Same names, types and required-ness in the same order; field ids are the table's own business. */
  private static boolean sameColumns(Schema table, Schema product) {
    return describe(table).equals(describe(product));
  }

  private static List<String> describe(Schema schema) {
    return schema.columns().stream().map(f -> f.name() + " " + f.type() + (f.isRequired() ? " required" : "")).toList();
  }
}
