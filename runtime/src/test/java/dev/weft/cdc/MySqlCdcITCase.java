package dev.weft.cdc;

import static dev.weft.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.execute.ChangeSourceException;
import dev.weft.execute.RunningProduct;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.MariaDbServer;
import dev.weft.testing.Specs;
import dev.weft.testing.Tables;
import dev.weft.testing.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Table;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A product fed by MySQL-protocol CDC from a real MariaDB server (binlog, ROW format): snapshot,
 * then inserts, updates and deletes, compared row by row with the source table; restarts in the
 * snapshot and in the binlog; and the misconfigurations refused before the job starts.
 */
class MySqlCdcITCase {
    private static final String[] BINLOG = {"--log-bin=mysql-bin", "--binlog-format=ROW", "--binlog-row-image=FULL"};

  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();
  private static MariaDbServer mariadb;

  @BeforeAll
  static void startMariaDb() throws Exception {
    Assumptions.assumeTrue(MariaDbServer.unavailable().isEmpty(), () -> MariaDbServer.unavailable().orElseThrow());
    mariadb = MariaDbServer.start(BINLOG);
  }

  @AfterAll
  static void stopMariaDb() throws Exception {
    if (mariadb != null) {
      mariadb.close();
    }
  }

  @Test
  void snapshotThenBinlogLeavesTableAndTopicEqualToTheSource() throws Exception {
    runSnapshotAndChanges("s", 0);
  }

  @Test
  void aRestartInTheMiddleOfTheSnapshotLosesAndRepeatsNothing() throws Exception {
    runSnapshotAndChanges("rs", 2_500);
  }

  @Test
  void aRestartInTheMiddleOfTheBinlogLosesAndRepeatsNothing() throws Exception {
    runSnapshotAndChanges("rc", SnapshotAndChanges.EXISTING + 1_000);
  }

  private void runSnapshotAndChanges(String suffix, long failAfter) throws Exception {
    SnapshotAndChanges.run(STACK.stack().runner(), plan(suffix, Map.of()), CustomersTable.mysql(mariadb::connect, "shop.customers_" + suffix),
        new Topics(STACK.stack().kafka().clientProperties()), failAfter);
  }

  @Test
  void aSecondRunWithoutCheckpointContinuesAtTheBinlogPositionItsTableRecords() throws Exception {
    ProductPlan plan = plan("r", Map.of());
    CustomersTable shop = CustomersTable.mysql(mariadb::connect, "shop.customers_r");
    Topics topics = new Topics(STACK.stack().kafka().clientProperties());
    shop.create();
    shop.insert(1, 101);
    RunningProduct first = STACK.stack().runner().start(plan, false, Optional.empty());
    Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
    try {
      await(() -> Tables.readAll(table).size() == 100, "the snapshot committed");
      shop.update(1, 11);
      List<CustomerRow> updated = shop.expectedRows();
      await(() -> CustomerRow.rowsOf(table).equals(updated), "the first updates committed");
    } finally {
      first.cancel();
    }
    // without its checkpoints the product has only what its table records to go on
    org.apache.commons.io.FileUtils.deleteDirectory(STACK.stack().runner().checkpointDirectory(plan).toFile());

    shop.insert(101, 151);
    shop.update(11, 21);
    shop.delete(91, 101);
    List<CustomerRow> expected = shop.expectedRows();
    RunningProduct second = STACK.stack().runner().start(plan, false, Optional.empty());
    try {
      await(() -> CustomerRow.rowsOf(table).equals(expected), "the changes made while the product was stopped");
      await(() -> CustomerRow.latestPerKey(topics.readAll(plan.names().topic())).equals(expected), "the topic to follow");
    } finally {
      second.cancel();
    }
  }

  @Test
  void aColumnAddedUpstreamIsIgnoredAndADroppedOneStopsTheProductNamingIt() throws Exception {
    ProductPlan plan = plan("d", Map.of());
    CustomersTable shop = CustomersTable.mysql(mariadb::connect, "shop.customers_d");
    shop.create();
    shop.insert(1, 11);
    RunningProduct product = STACK.stack().runner().start(plan, false, Optional.empty());
    try {
      Table table = STACK.stack().runner().catalog().loadTable(IcebergTables.identifier(plan));
      await(() -> Tables.readAll(table).size() == 10, "the snapshot committed");
      shop.execute("ALTER TABLE shop.customers_d ADD COLUMN loyalty_points INT DEFAULT 7");
      shop.insert(11, 21);
      List<CustomerRow> expected = shop.expectedRows();
      await(() -> CustomerRow.rowsOf(table).equals(expected), "rows inserted after the new column");

      shop.execute("ALTER TABLE shop.customers_d DROP COLUMN tier");
      shop.execute("UPDATE shop.customers_d SET credit = credit + 1 WHERE customer_id = 1");
      assertThatThrownBy(() -> product.awaitFinished(java.time.Duration.ofMinutes(2)))
          .isInstanceOf(dev.weft.execute.RunningProduct.ProductFailedException.class)
          .hasMessage("product customers.customer-profiles-d failed: product customers.customer-profiles-d: input 'customers' reads column "
              + "'tier', which shop.customers_d no longer has (dropped upstream); remove it from the input and the transform, or restore it");
    } finally {
      product.cancel();
    }
  }

  @Test
  void wrongCredentials() throws Exception {
    assertRefused(Map.of("password: weft-password", "password: wrong"),
        "product customers.customer-profiles-p, input 'customers': cannot log in to MySQL at 127.0.0.1:" + mariadb.port()
            + " as user 'weft': the server refused the user name or password; check the input's username and password");
  }

  @Test
  void anUnreachableServer() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", "jdbc:mysql://127.0.0.1:1"),
        "product customers.customer-profiles-p, input 'customers': cannot reach MySQL at 127.0.0.1:1 (Connection refused); "
            + "is the server running and the input's url right?");
  }

  @Test
  void aMissingTableAndATableWithoutPrimaryKey() throws Exception {
    assertRefused(Map.of(),
        "product customers.customer-profiles-p, input 'customers': table shop.customers_p does not exist on MySQL at 127.0.0.1:"
            + mariadb.port());
    CustomersTable.mysql(mariadb::connect, "shop.customers_p").execute("CREATE TABLE shop.customers_p (customer_id BIGINT, "
        + "email TEXT, tier TEXT, credit DECIMAL(10,2), updated_at TIMESTAMP(3) NOT NULL)");
    assertRefused(Map.of(),
        "product customers.customer-profiles-p, input 'customers': table shop.customers_p has no primary key; CDC applies updates "
            + "and deletes per key: ALTER TABLE shop.customers_p ADD PRIMARY KEY (customer_id)");
  }

  @Test
  void aServerWithoutBinlogOrWithStatementBinlog() throws Exception {
    try (MariaDbServer noBinlog = MariaDbServer.start()) {
      assertRefused(Map.of("SHOP_DB_URL", noBinlog.jdbcUrl()),
          "product customers.customer-profiles-p, input 'customers': MySQL at 127.0.0.1:" + noBinlog.port() + " does not write a "
              + "binlog, but CDC reads it: start the server with log_bin (e.g. log-bin = mysql-bin, binlog_format = ROW and "
              + "server_id = 1 in my.cnf)");
    }
    try (MariaDbServer statements = MariaDbServer.start("--log-bin=mysql-bin", "--binlog-format=STATEMENT")) {
      assertRefused(Map.of("SHOP_DB_URL", statements.jdbcUrl()),
          "product customers.customer-profiles-p, input 'customers': MySQL at 127.0.0.1:" + statements.port() + " has "
              + "binlog_format = STATEMENT, but CDC needs ROW: SET GLOBAL binlog_format = ROW (and put it in my.cnf)");
    }
  }

  private static void assertRefused(Map<String, String> replacements, String message) throws Exception {
    ProductPlan plan = plan("p", replacements);
    assertThatThrownBy(() -> STACK.stack().runner().start(plan, true, Optional.empty()))
        .isInstanceOf(ChangeSourceException.class)
        .hasMessage(message);
  }

  private static ProductPlan plan(String suffix, Map<String, String> replacements) throws Exception {
    Map<String, String> all = new java.util.LinkedHashMap<>(replacements);
    all.putIfAbsent("SHOP_DB_URL", mariadb.jdbcUrl());
    all.put("shop.customers", "shop.customers_" + suffix);
    all.put("customer-profiles", "customer-profiles-" + suffix);
    return Specs.compile(Specs.load("it/customer-profiles-mysql.yaml", all));
  }

}
