package dev.weft.execute;

import dev.weft.plan.ProductPlan;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Evolves a product's existing table to the schema a new minor version publishes, in one Iceberg
 * schema commit, or refuses naming each change Iceberg cannot make to a table that has rows.
 */
final class TableSchemaEvolution {
  private TableSchemaEvolution() {}

  /** @throws IllegalStateException naming every change that needs a new major version */
  static void evolve(Table table, Schema product, ProductPlan plan) {
    Schema current = table.schema();
    List<String> refused = new ArrayList<>();
    UpdateSchema update = table.updateSchema();
    for (Types.NestedField column : current.columns()) {
      if (product.findField(column.name()) == null) {
        update.deleteColumn(column.name());
      }
    }
    for (Types.NestedField column : product.columns()) {
      Types.NestedField existing = current.findField(column.name());
      if (existing == null) {
        if (column.isRequired()) {
          refused.add("column '" + column.name() + "' is added as NOT NULL, but the table's rows have no value for it");
        } else {
          update.addColumn(column.name(), column.type());
        }
        continue;
      }
      if (!existing.type().equals(column.type())) {
        if (promotes(existing.type(), column.type())) {
          update.updateColumn(column.name(), column.type().asPrimitiveType());
        } else {
          refused.add("column '" + column.name() + "' cannot change from " + existing.type() + " to " + column.type() + " in place");
        }
      }
      if (existing.isRequired() && column.isOptional()) {
        update.makeColumnOptional(column.name());
      } else if (existing.isOptional() && column.isRequired()) {
        refused.add("column '" + column.name() + "' is made NOT NULL, but the table's rows may hold NULLs in it");
      }
    }
    if (!current.identifierFieldNames().equals(product.identifierFieldNames())) {
      refused.add("the primary key changes from " + current.identifierFieldNames() + " to " + product.identifierFieldNames());
    }
    if (!refused.isEmpty()) {
      throw new IllegalStateException("Iceberg table " + table.name() + " of product " + plan.versionedName() + " cannot take version "
          + plan.version() + "'s schema: " + String.join("; ", refused)
          + ". That needs a new major version of the product, which publishes to a new table.");
    }
    String previous = null;
    for (Types.NestedField column : product.columns()) {
      if (previous == null) {
        update.moveFirst(column.name());
      } else {
        update.moveAfter(column.name(), previous);
      }
      previous = column.name();
    }
    update.commit();
  }

  /** Iceberg's in-place type promotions: int to long, float to double, a decimal to more digits at the same scale. */
  private static boolean promotes(Type from, Type to) {
    if (from.typeId() == Type.TypeID.INTEGER && to.typeId() == Type.TypeID.LONG
        || from.typeId() == Type.TypeID.FLOAT && to.typeId() == Type.TypeID.DOUBLE) {
      return true;
    }
    return from instanceof Types.DecimalType a && to instanceof Types.DecimalType b && a.scale() == b.scale() && b.precision() >= a.precision();
  }
}
