package dev.weft.trino;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.access.ProductAccess;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.ProductSpec;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import dev.weft.testing.Topics;
import dev.weft.testing.TrinoQueries;
import dev.weft.testing.WeftCommandLine;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The access rules Weft generates, on a real Trino: a product of the orders domain with three PII
 * columns (email masked to its SHA-256 in the job, full_name redacted, amount published as is) and
 * {@code access.readers: [marketing]}, queried over JDBC as its owner domain, as its reader, as another domain, and as
 * the user running Weft.
 */
class TrinoAccessITCase {
  private static final String TABLE = "iceberg.orders.pii_orders_shared_v1";
  private static final String ROWS = "SELECT order_id, email, full_name, amount FROM " + TABLE + " ORDER BY order_id";
  private static final String ADMIN = System.getProperty("user.name");

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension().withTrino();

  private static List<ProductAccess> products;

  @BeforeAll
  static void runAProductWithPiiColumnsThatMarketingReads() throws Exception {
    // amount becomes PII too, without a mask in the job: a reader's NULL must fit a DECIMAL column as well as a text one
    ProductSpec spec = Specs.load("it/pii-orders-shared.yaml", Map.of("readers: [finance, marketing]", "readers: [marketing]",
        "mask: redact }\n    - { name: amount, type: \"DECIMAL(10,2)\" }", "mask: redact }\n    - { name: amount, type: \"DECIMAL(10,2)\", pii: true }"));
    ProductPlan plan = Specs.compile(spec);
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    topics.create("shop.pii-orders", 1);
    List<Map.Entry<String, String>> orders = new ArrayList<>();
    for (int id = 1; id <= 3; id++) {
      orders.add(Map.entry(Integer.toString(id), "{\"order_id\": " + id + ", \"email\": \"person" + id + "@example.com\", "
          + "\"full_name\": \"Person " + id + "\", \"amount\": " + id + ".25}"));
    }
    topics.produce("shop.pii-orders", orders);
    STACK.stack().runner().provision(List.of(plan));
    STACK.stack().runner().start(plan, true, Optional.empty()).awaitFinished(Duration.ofMinutes(3));
    products = List.of(ProductAccess.of(spec, plan.names()));
    trino().applyAccessRules(products);
  }

  @Test
  void theOwnerDomainReadsTheRowsAsPublished() throws Exception {
    assertThat(query("orders", ROWS)).containsExactly(
        "1 | " + sha256("person1@example.com") + " | REDACTED | 1.25",
        "2 | " + sha256("person2@example.com") + " | REDACTED | 2.25",
        "3 | " + sha256("person3@example.com") + " | REDACTED | 3.25");
  }

  @Test
  void aReaderDomainReadsTheRowsWithThePiiColumnsNull() throws Exception {
    assertThat(query("marketing", ROWS)).containsExactly("1 | null | null | null", "2 | null | null | null", "3 | null | null | null");
    // the mask applies wherever the column is used, not only to what is returned
    assertThat(query("marketing", "SELECT count(*), sum(amount) FROM " + TABLE + " WHERE email IS NOT NULL OR order_id > 1"))
        .containsExactly("2 | null");
  }

  @Test
  void anyOtherDomainIsDeniedWithTrinosMessage() {
    WeftCommandLine weft = new WeftCommandLine();
    assertThat(weft.run("query", ROWS, "--trino", trino().jdbcUrl(), "--user", "finance")).isEqualTo(1);
    assertThat(weft.err()).isEqualTo("Access Denied: Cannot select from table " + TABLE + "\n");
    assertThat(weft.out()).isEmpty();
  }

  @Test
  void onlyTheOwnerDomainReadsTheTablesMetadataTables() throws Exception {
    // $files holds each data file's column bounds: the PII columns' values, unmasked
    String files = "SELECT sum(record_count) FROM iceberg.orders.\"pii_orders_shared_v1$files\"";
    assertThat(query("orders", files)).containsExactly("3");
    assertThatQuery("marketing", files).isEqualTo("Access Denied: Cannot select from table " + TABLE + "$files");
  }

  @Test
  void everyMetadataTableIsTheOwnersAlone() throws Exception {
    List<String> refused = new ArrayList<>();
    for (String metadata : List.of("snapshots", "partitions", "history", "properties", "manifests", "refs", "files")) {
      String table = "iceberg.orders.\"pii_orders_shared_v1$" + metadata + "\"";
      assertThat(query("orders", "SELECT count(*) >= 0 FROM " + table)).as("the owner reads $" + metadata).containsExactly("true");
      for (String user : List.of("marketing", "finance")) {
        try {
          query(user, "SELECT count(*) FROM " + table);
          refused.add(user + " read $" + metadata);
        } catch (SQLException e) {
          refused.add(user + ": " + e.getMessage().replaceFirst("^Query failed \\(#[^)]*\\): ", ""));
        }
      }
    }
    List<String> expected = new ArrayList<>();
    for (String metadata : List.of("snapshots", "partitions", "history", "properties", "manifests", "refs", "files")) {
      for (String user : List.of("marketing", "finance")) {
        expected.add(user + ": Access Denied: Cannot select from table " + TABLE + "$" + metadata);
      }
    }
    assertThat(refused).isEqualTo(expected);
  }

  @Test
  void informationSchemaShowsEachUserOnlyWhatTheyMayRead() throws Exception {
    String schemas = "SELECT schema_name FROM iceberg.information_schema.schemata ORDER BY schema_name";
    String columns = "SELECT table_name, column_name FROM iceberg.information_schema.columns WHERE table_schema = 'orders' "
        + "ORDER BY table_name, ordinal_position";
    assertThat(query("orders", schemas)).containsExactly("orders");
    assertThat(query("marketing", schemas)).containsExactly("orders");
    assertThat(query("finance", schemas)).as("not even information_schema itself").isEmpty();
    // a reader sees every column's name and type, the masked ones too: the rules mask values, not names
    assertThat(query("marketing", columns)).containsExactly("pii_orders_shared_v1 | order_id", "pii_orders_shared_v1 | email",
        "pii_orders_shared_v1 | full_name", "pii_orders_shared_v1 | amount");
    assertThat(query("finance", columns)).isEmpty();
  }

  @Test
  void onlyDomainsThatMayReadATableSeeItListed() throws Exception {
    String listed = "SELECT table_schema, table_name FROM iceberg.information_schema.tables WHERE table_schema <> 'information_schema'";
    assertThat(query("orders", listed)).containsExactly("orders | pii_orders_shared_v1");
    assertThat(query("marketing", listed)).containsExactly("orders | pii_orders_shared_v1");
    assertThat(query("finance", listed)).isEmpty();
    assertThat(query("marketing", "SHOW TABLES FROM iceberg.orders")).containsExactly("pii_orders_shared_v1");
    assertThatQuery("finance", "SHOW TABLES FROM iceberg.orders").isEqualTo("Access Denied: Cannot show tables of schema iceberg.orders");
    // what BI tools list tables with: DatabaseMetaData, answered from system.jdbc
    assertThat(metadataTables("marketing")).containsExactly("iceberg.orders.pii_orders_shared_v1");
    assertThat(metadataTables("finance")).isEmpty();
  }

  @Test
  void theUserRunningWeftMayDoEverything() throws Exception {
    WeftCommandLine weft = new WeftCommandLine();
    // weft query's default user is the login name, as is Trino's admin
    int exit = weft.run("query", "SELECT order_id, full_name FROM orders.pii_orders_shared_v1 ORDER BY order_id",
        "--work-dir", STACK.workDir().toString());
    assertThat(exit).as(weft.err()).isZero();
    assertThat(weft.out()).isEqualTo("""
         order_id | full_name
        ----------+-----------
                1 | REDACTED
                2 | REDACTED
                3 | REDACTED
        (3 rows)
        """);
    assertThat(query(ADMIN, "SELECT count(*) FROM system.runtime.nodes")).containsExactly("1");
  }

  @Test
  void rulesReplacedWhileTrinoRunsApplyToTheNextQuery() throws Exception {
    try {
      trino().applyAccessRules(List.of());
      assertThatQuery("orders", ROWS).isEqualTo("Access Denied: Cannot select from table " + TABLE);
    } finally {
      trino().applyAccessRules(products);
    }
    assertThat(query("orders", "SELECT count(*) FROM " + TABLE)).containsExactly("3");
  }

  private static TrinoServer trino() {
    return STACK.stack().trino().orElseThrow();
  }

  private static List<String> query(String user, String sql) throws SQLException {
    return TrinoQueries.rows(trino().jdbcUrl(), user, sql);
  }

  /** Trino's message for a query it refuses to run as {@code user}, without the query id trino-jdbc puts first. */
  private static org.assertj.core.api.AbstractStringAssert<?> assertThatQuery(String user, String sql) {
    try {
      query(user, sql);
    } catch (SQLException refused) {
      return assertThat(refused.getMessage().replaceFirst("^Query failed \\(#[^)]*\\): ", ""));
    }
    throw new AssertionError(sql + " ran as " + user + "; expected Trino to refuse it");
  }

  /** The product tables {@code DatabaseMetaData.getTables} lists to {@code user}, as catalog.schema.table. */
  private static List<String> metadataTables(String user) throws SQLException {
    try (Connection connection = DriverManager.getConnection(trino().jdbcUrl(), user, null);
        ResultSet tables = connection.getMetaData().getTables("iceberg", null, null, null)) {
      List<String> names = new ArrayList<>();
      while (tables.next()) {
        if (!"information_schema".equals(tables.getString("TABLE_SCHEM"))) {
          names.add(tables.getString("TABLE_CAT") + "." + tables.getString("TABLE_SCHEM") + "." + tables.getString("TABLE_NAME"));
        }
      }
      return names;
    }
  }

  private static String sha256(String text) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
  }
}
