package dev.weft.catalog.product;

import dev.weft.catalog.Refusal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Which product owns each topic and table name. A name, once a version of a product published to
 * it, stays that product's: two products writing one topic or table would mix their records, and
 * the second would read as the first's data. Claims are rows under a primary key, so two products
 * claiming one name at the same instant cannot both win.
 */
public final class OutputNames {

  private record Claim(String kind, String name) {}

  /**
   * Claims the registration's topic, dead-letter topic and table for {@code productId}, or refuses
   * naming the product that owns one already. Run in the registration's transaction: a refusal
   * rolls every claim back.
   */
  public void claim(Connection connection, long productId, ProductRegistration registration) throws SQLException {
    for (Claim claim : claims(registration)) {
      try (PreparedStatement insert = connection.prepareStatement(
          "INSERT INTO product_output_name (kind, name, product_id) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")) {
        insert.setString(1, claim.kind());
        insert.setString(2, claim.name());
        insert.setLong(3, productId);
        insert.executeUpdate();
      }
      try (PreparedStatement owner = connection.prepareStatement(
          "SELECT o.product_id, p.domain, p.name FROM product_output_name o JOIN product p ON p.id = o.product_id WHERE o.kind = ? AND o.name = ?")) {
        owner.setString(1, claim.kind());
        owner.setString(2, claim.name());
        try (ResultSet row = owner.executeQuery()) {
          row.next();
          if (row.getLong(1) != productId) {
            ProductRef ownerRef = new ProductRef(row.getString(2), row.getString(3));
            throw Refusal.conflict("product " + registration.qualifiedName() + " " + registration.version() + " publishes to the "
                + claim.kind() + " " + claim.name() + ", which product " + ownerRef + " owns; give this product its own name ("
                + (claim.kind().equals("table") ? "outputs.table.name" : "outputs.topic.name") + ")");
          }
        }
      }
    }
  }

  private static List<Claim> claims(ProductRegistration registration) {
    List<Claim> claims = new ArrayList<>();
    ProductRegistration.Outputs outputs = registration.outputs();
    if (outputs == null) {
      return claims;
    }
    if (outputs.topic() != null) {
      claims.add(new Claim("topic", outputs.topic()));
    }
    if (outputs.deadLetterTopic() != null) {
      claims.add(new Claim("topic", outputs.deadLetterTopic()));
    }
    if (outputs.table() != null) {
      claims.add(new Claim("table", outputs.table().contains(".") ? outputs.table() : registration.domain() + "." + outputs.table()));
    }
    return claims;
  }
}
