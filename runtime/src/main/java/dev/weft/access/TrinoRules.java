package dev.weft.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Trino file-based access control rules for products' tables: the owner domain reads a table
 * whole, its reader domains read it with the PII columns masked, everyone else sees nothing of it.
 * Trino takes the first table rule that matches a user and table, and denies what no rule matches.
 */
public final class TrinoRules {
  /** What a reader sees instead of a PII value. */
  static final String MASK = "NULL";
  /**
   * Trino's JDBC driver answers {@code DatabaseMetaData} (what BI tools list tables with) from
   * {@code system.jdbc}; its tables list only what the user may see, so everyone may read them.
   */
  static final String JDBC_METADATA_SCHEMA = "jdbc";
  /**
   * Iceberg's metadata tables ({@code table$snapshots}, {@code table$files}, …), which Trino checks
   * under their own names: the owner reads them; readers do not, as {@code $files} and
   * {@code $partitions} show column bounds and partition values, PII columns' among them, unmasked.
   */
  static final String METADATA_TABLES = "(\\$[a-z_]+)?";
  private static final List<String> ALL_TABLE_PRIVILEGES = List.of("SELECT", "INSERT", "DELETE", "UPDATE", "OWNERSHIP", "GRANT_SELECT");

  private TrinoRules() {}

  /** The rules for a Trino the platform team runs: nobody but the products' domains is named. */
  public static String of(List<ProductAccess> products, String catalog) {
    return of(products, catalog, Optional.empty());
  }

  /**
   * The rules, with {@code admin} (the person running a dev stack) allowed everything everywhere,
   * ahead of the products' rules.
   */
  public static String of(List<ProductAccess> products, String catalog, Optional<String> admin) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode rules = json.createObjectNode();
    ArrayNode catalogs = rules.putArray("catalogs");
    admin.ifPresent(user -> catalogs.addObject().put("user", anyOf(List.of(user))).put("allow", "all"));
    catalogs.addObject().put("catalog", catalog).put("allow", "read-only");
    ArrayNode schemas = rules.putArray("schemas");
    admin.ifPresent(user -> schemas.addObject().put("user", anyOf(List.of(user))).put("owner", true));
    schemas.addObject().put("catalog", catalog).put("owner", false);
    ArrayNode tables = rules.putArray("tables");
    admin.ifPresent(user -> {
      ObjectNode everything = tables.addObject().put("user", anyOf(List.of(user)));
      ALL_TABLE_PRIVILEGES.forEach(everything.putArray("privileges")::add);
    });
    for (ProductAccess product : products) {
      ObjectNode owner = tables.addObject();
      owner.put("user", anyOf(List.of(product.owner())));
      table(owner, catalog, product, METADATA_TABLES).putArray("privileges").add("SELECT");
      if (!product.readers().isEmpty()) {
        ObjectNode readers = tables.addObject();
        readers.put("user", anyOf(product.readers()));
        table(readers, catalog, product, "").putArray("privileges").add("SELECT");
        if (!product.piiColumns().isEmpty()) {
          ArrayNode columns = readers.putArray("columns");
          product.piiColumns().forEach(c -> columns.addObject().put("name", c).put("mask", MASK));
        }
      }
    }
    tables.addObject().put("catalog", "system").put("schema", JDBC_METADATA_SCHEMA).putArray("privileges").add("SELECT");
    ObjectNode nobodyElse = tables.addObject();
    nobodyElse.put("catalog", catalog);
    nobodyElse.putArray("privileges");
    admin.ifPresent(user -> {
      // the System connector, system information functions, and the server's REST endpoints such as /v1/node
      ObjectNode system = rules.putArray("system_information").addObject().put("user", anyOf(List.of(user)));
      system.putArray("allow").add("read").add("write");
    });
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(rules);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode table(ObjectNode rule, String catalog, ProductAccess product, String suffix) {
    return rule.put("catalog", catalog).put("schema", anyOf(List.of(product.names().tableNamespace())))
        .put("table", anyOf(List.of(product.names().table())) + suffix);
  }

  /** A regular expression matching exactly these names (Trino matches a rule's patterns against whole names). */
  static String anyOf(List<String> names) {
    List<String> quoted = new ArrayList<>();
    names.forEach(u -> quoted.add(u.replaceAll("([\\\\.\\[\\]{}()*+?^$|-])", "\\\\$1")));
    return quoted.size() == 1 ? quoted.get(0) : "(" + String.join("|", quoted) + ")";
  }
}
