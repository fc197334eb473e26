package dev.weft.cdc;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.plan.ProductPlan;
import dev.weft.execute.ChangeSourceException;
import dev.weft.execute.ChangeSourcePreflight;
import dev.weft.testing.DevStackExtension;
import dev.weft.testing.Specs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every way a CDC input can be misconfigured is refused before the job starts, with what to change. */
class PostgresPreflightITCase {
  @RegisterExtension
  static final DevStackExtension STACK = new DevStackExtension();
  private static String shopUrl;

  @BeforeAll
  static void shop() throws Exception {
    shopUrl = STACK.stack().postgres().database("shop");
    CustomersTable shop = CustomersTable.postgres(shopUrl, "public.customers");
    shop.create();
    shop.execute("DROP TABLE IF EXISTS public.keyless");
    shop.execute("CREATE TABLE public.keyless (customer_id BIGINT, email TEXT, tier TEXT, credit NUMERIC(10,2), updated_at TIMESTAMPTZ)");
    shop.execute("DROP TABLE IF EXISTS public.key_only_logged");
    shop.execute("CREATE TABLE public.key_only_logged (customer_id BIGINT PRIMARY KEY, email TEXT, tier TEXT, credit NUMERIC(10,2), "
        + "updated_at TIMESTAMPTZ)");
    shop.execute("DROP ROLE IF EXISTS shop_reader");
    shop.execute("CREATE ROLE shop_reader LOGIN REPLICATION PASSWORD 'right-password'");
    shop.execute("DROP ROLE IF EXISTS shop_streamer");
    shop.execute("CREATE ROLE shop_streamer LOGIN REPLICATION");
    shop.execute("DROP ROLE IF EXISTS shop_clerk");
    shop.execute("CREATE ROLE shop_clerk LOGIN PASSWORD 'clerk-password'");
    // the embedded server trusts every local user; make these two prove their password
    try (Connection c = shop.connect(); Statement s = c.createStatement(); ResultSet hba = s.executeQuery("SHOW hba_file")) {
      hba.next();
      Path file = Path.of(hba.getString(1));
      String rules = "host all shop_reader 127.0.0.1/32 scram-sha-256\nhost all shop_reader ::1/128 scram-sha-256\n"
          + "host all shop_clerk 127.0.0.1/32 scram-sha-256\nhost all shop_clerk ::1/128 scram-sha-256\n";
      String existing = Files.readString(file);
      if (!existing.startsWith(rules)) {
        Files.writeString(file, rules + existing);
      }
      s.execute("SELECT pg_reload_conf()");
    }
  }

  @Test
  void anUnreachableDatabase() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", "jdbc:postgresql://localhost:1/shop"),
        "product customers.customer-profiles, input 'customers': cannot reach PostgreSQL at localhost:1 (Connection refused); "
            + "is the server running and the input's url right?");
  }

  @Test
  void wrongCredentials() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", shopUrl, "username: postgres", "username: shop_reader", "password: trusted", "password: wrong"),
        "product customers.customer-profiles, input 'customers': cannot log in to PostgreSQL at localhost:" + port()
            + " as user 'shop_reader': the server refused the user name or password; check the input's username and password");
  }

  @Test
  void aUserWhoMayNotReplicate() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", shopUrl, "username: postgres", "username: shop_clerk", "password: trusted", "password: clerk-password"),
        "product customers.customer-profiles, input 'customers': user 'shop_clerk' may not stream changes from PostgreSQL at localhost:"
            + port() + ": ALTER ROLE shop_clerk REPLICATION");
  }

  @Test
  void aMissingTable() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", shopUrl, "public.customers", "public.customerz"),
        "product customers.customer-profiles, input 'customers': table public.customerz does not exist in database shop on "
            + "PostgreSQL at localhost:" + port());
  }

  @Test
  void aTableWithoutPrimaryKey() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", shopUrl, "public.customers", "public.keyless"),
        "product customers.customer-profiles, input 'customers': table public.keyless has no primary key; CDC applies updates and "
            + "deletes per key: ALTER TABLE public.keyless ADD PRIMARY KEY (customer_id)");
  }

  @Test
  void aTableThatLogsOnlyTheKeyOfChangedRows() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", shopUrl, "public.customers", "public.key_only_logged"),
        "product customers.customer-profiles, input 'customers': table public.key_only_logged logs only the key of changed rows; "
            + "CDC needs the whole old row of updates and deletes: ALTER TABLE public.key_only_logged REPLICA IDENTITY FULL");
  }

  @Test
  void aDeclaredColumnTheTableDoesNotHave() throws Exception {
    assertRefused(Map.of("SHOP_DB_URL", shopUrl, "        - { name: tier, type: STRING }", "        - { name: segment, type: STRING }",
            "UPPER(tier) AS tier", "UPPER(segment) AS tier"),
        "product customers.customer-profiles, input 'customers': table public.customers has no column 'segment' "
            + "(it has customer_id, email, tier, credit, updated_at)");
  }

  private static final String SLOT = "weft_customers_customer_profiles_v1_customers";

  @Test
  void aUserWhoMayNotReadTheTableOrCreateItsPublication() throws Exception {
    Map<String, String> streamer = Map.of("SHOP_DB_URL", shopUrl, "username: postgres", "username: shop_streamer");
    CustomersTable shop = CustomersTable.postgres(shopUrl, "public.customers");
    shop.execute("REVOKE ALL ON public.customers FROM shop_streamer");
    shop.execute("REVOKE CREATE ON DATABASE shop FROM shop_streamer");
    assertRefused(streamer, "product customers.customer-profiles, input 'customers': user 'shop_streamer' may not read table "
        + "public.customers, which its snapshot needs: GRANT SELECT ON public.customers TO shop_streamer");

    shop.execute("GRANT SELECT ON public.customers TO shop_streamer");
    assertRefused(streamer, "product customers.customer-profiles, input 'customers': user 'shop_streamer' may not create the "
        + "publication that CDC reads through, which needs CREATE on database shop and ownership of table public.customers "
        + "(owned by 'postgres'); let the table's owner create it: CREATE PUBLICATION " + SLOT + " FOR TABLE public.customers, "
        + "or give the user what it lacks: GRANT CREATE ON DATABASE shop TO shop_streamer; ALTER TABLE public.customers OWNER TO shop_streamer");

    shop.execute("GRANT CREATE ON DATABASE shop TO shop_streamer");
    assertRefused(streamer, "product customers.customer-profiles, input 'customers': user 'shop_streamer' may not create the "
        + "publication that CDC reads through, which needs ownership of table public.customers (owned by 'postgres'); let the "
        + "table's owner create it: CREATE PUBLICATION " + SLOT + " FOR TABLE public.customers, or give the user what it lacks: "
        + "ALTER TABLE public.customers OWNER TO shop_streamer");

    // the owner made the publication: reading through it is all the user does
    shop.execute("CREATE PUBLICATION " + SLOT + " FOR TABLE public.customers");
    try {
      ProductPlan plan = Specs.compile(Specs.load("it/customer-profiles-cdc.yaml", streamer));
      ChangeSourcePreflight.check(plan, "customers", STACK.stack().runner().changeSources(plan).get("customers"));
    } finally {
      shop.execute("DROP PUBLICATION " + SLOT);
      shop.execute("REVOKE ALL ON public.customers FROM shop_streamer");
      shop.execute("REVOKE CREATE ON DATABASE shop FROM shop_streamer");
    }
  }

  @Test
  void aSlotOfTheProductsNameForAnotherDatabase() throws Exception {
    String other = STACK.stack().postgres().database("archive");
    CustomersTable archive = CustomersTable.postgres(other, "public.customers");
    archive.execute("SELECT pg_create_logical_replication_slot('" + SLOT + "', 'pgoutput')");
    try {
      assertRefused(Map.of("SHOP_DB_URL", shopUrl),
          "product customers.customer-profiles, input 'customers': replication slot " + SLOT + " already exists on PostgreSQL at "
              + "localhost:" + port() + " for database 'archive', and a slot serves one database; if it is left from an earlier "
              + "setup, drop it there (weft drop with a spec whose input reads database archive, or SELECT pg_drop_replication_slot('"
              + SLOT + "')), or give this product another name");
    } finally {
      archive.execute("SELECT pg_drop_replication_slot('" + SLOT + "')");
    }
  }

  @Test
  void logicalDecodingSwitchedOff() throws Exception {
    try (var plain = io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start()) {
      assertRefused(Map.of("SHOP_DB_URL", "jdbc:postgresql://localhost:" + plain.getPort() + "/postgres"),
          "product customers.customer-profiles, input 'customers': PostgreSQL at localhost:" + plain.getPort()
              + " has wal_level = replica, but CDC needs logical decoding: set wal_level = logical in postgresql.conf "
              + "(or run ALTER SYSTEM SET wal_level = logical) and restart the server");
    }
  }

  private static void assertRefused(Map<String, String> replacements, String message) throws Exception {
    ProductPlan plan = Specs.compile(Specs.load("it/customer-profiles-cdc.yaml", replacements));
    assertThatThrownBy(() -> STACK.stack().runner().start(plan, true, Optional.empty()))
        .isInstanceOf(ChangeSourceException.class)
        .hasMessage(message);
  }

  private static int port() {
    return java.net.URI.create(shopUrl.substring("jdbc:".length())).getPort();
  }

}
