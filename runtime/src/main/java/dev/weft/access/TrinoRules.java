package dev.weft.access;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Trino file-based access control rules for products' tables: the owner domain reads a table
 * whole, its reader domains read it with the PII columns masked, everyone else sees nothing of it.
 * Trino takes the first table rule that matches a user and table, so the catch-all comes last.
 */
public final class TrinoRules {
  /** What a reader sees instead of a PII value. */
  static final String MASK = "NULL";

  private TrinoRules() {}

  public static String of(List<ProductAccess> products, String catalog) {
    ObjectMapper json = new ObjectMapper();
    ObjectNode rules = json.createObjectNode();
    ArrayNode catalogs = rules.putArray("catalogs");
    catalogs.addObject().put("catalog", catalog).put("allow", "read-only");
    ArrayNode schemas = rules.putArray("schemas");
    schemas.addObject().put("catalog", catalog).put("owner", false);
    ArrayNode tables = rules.putArray("tables");
    for (ProductAccess product : products) {
      ObjectNode owner = tables.addObject();
      owner.put("user", product.owner()).put("catalog", catalog).put("schema", product.names().tableNamespace())
          .put("table", product.names().table());
      owner.putArray("privileges").add("SELECT");
      if (!product.readers().isEmpty()) {
        ObjectNode readers = tables.addObject();
        readers.put("user", anyOf(product.readers())).put("catalog", catalog).put("schema", product.names().tableNamespace())
            .put("table", product.names().table());
        readers.putArray("privileges").add("SELECT");
        if (!product.piiColumns().isEmpty()) {
          ArrayNode columns = readers.putArray("columns");
          product.piiColumns().forEach(c -> columns.addObject().put("name", c).put("mask", MASK));
        }
      }
    }
    ObjectNode nobodyElse = tables.addObject();
    nobodyElse.put("catalog", catalog);
    nobodyElse.putArray("privileges");
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(rules);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A regular expression matching exactly these user names. */
  static String anyOf(List<String> users) {
    List<String> quoted = new ArrayList<>();
    users.forEach(u -> quoted.add(u.replaceAll("([\\\\.\\[\\]{}()*+?^$|-])", "\\\\$1")));
    return quoted.size() == 1 ? quoted.get(0) : "(" + String.join("|", quoted) + ")";
  }
}
