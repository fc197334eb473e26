package dev.weft.dev;

import dev.weft.execute.WeftOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;

/**
 * The demo shop's own database, on the embedded PostgreSQL: a {@code customers} table that the
 * example CDC products capture. Seeded once with {@value #CUSTOMERS} customers (ids 1 to 50, the
 * ids the sample orders use) plus two whose tier breaks the customers product's rule; while the
 * mesh streams, {@link #change} moves customers between tiers, adds and removes some.
 */
public final class ShopDatabase {
  public static final String NAME = "shop";
  public static final int CUSTOMERS = 52;
  /** The defaults of the references the example specs use, for the embedded stack. */
  public static final String URL_VARIABLE = "SHOP_DB_URL";
  public static final String USER_VARIABLE = "SHOP_DB_USER";
  public static final String PASSWORD_SECRET = "shop-db-password";
  private static final String[] TIERS = {"gold", "silver", "bronze"};
  private static final String[] COUNTRIES = {"DE", "FR", "GB", "NL"};
  /** New customers get ids above the seeded ones, so the sample orders keep finding theirs. */
  private static final int FIRST_NEW_ID = 1_000;

  private final String url;
  private final String user;
  private final Random random = new Random(42);

  private ShopDatabase(String url, String user) {
    this.url = url;
    this.user = user;
  }

  /** Creates the database and its table on first use, and seeds it if it is empty. */
  public static ShopDatabase open(EmbeddedPostgres postgres) {
    ShopDatabase shop = new ShopDatabase(postgres.database(NAME), postgres.user());
    try (Connection c = shop.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS public.customers (customer_id BIGINT PRIMARY KEY, email TEXT NOT NULL, "
          + "tier TEXT NOT NULL, country TEXT, updated_at TIMESTAMPTZ NOT NULL)");
      s.execute("ALTER TABLE public.customers REPLICA IDENTITY FULL");
      try (ResultSet count = s.executeQuery("SELECT count(*) FROM public.customers")) {
        count.next();
        if (count.getLong(1) == 0) {
          shop.seed(c);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot prepare the demo shop database: " + e.getMessage(), e);
    }
    return shop;
  }

  public String url() {
    return url;
  }

  public String user() {
    return user;
  }

  /** What {@code ${env:SHOP_DB_URL}}, {@code ${env:SHOP_DB_USER}} and {@code ${secret:shop-db-password}} stand for here. */
  public Map<String, String> environment() {
    return Map.of(URL_VARIABLE, url, USER_VARIABLE, user);
  }

  public Map<String, String> secrets() {
    // the embedded server trusts local connections; the password is not checked
    return Map.of(PASSWORD_SECRET, "embedded");
  }

  /**
   * {@code options} with a secrets folder that holds {@link #secrets()}: products' tasks look their
   * CDC password up themselves (the job carries {@code ${secret:shop-db-password}} only), and they
   * see files and environment variables, not this process's map. A folder the user set is used
   * as it is (nothing is written into it); otherwise {@code <work dir>/secrets}.
   */
  public Configuration withSecretsForTasks(Configuration options) {
    if (options.getOptional(WeftOptions.SECRETS_DIR).isPresent()) {
      return options;
    }
    Path folder = Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath().resolve("secrets");
    try {
      Files.createDirectories(folder);
      for (Map.Entry<String, String> secret : secrets().entrySet()) {
        Files.writeString(folder.resolve(secret.getKey()), secret.getValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the shop database's secrets to " + folder + ": " + e.getMessage(), e);
    }
    Configuration withFolder = new Configuration(options);
    withFolder.set(WeftOptions.SECRETS_DIR, folder.toString());
    return withFolder;
  }

  /** One random change: most often a tier move, sometimes a new customer or the removal of a new one. */
  public String change() throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      int dice = random.nextInt(10);
      if (dice < 6) {
        long id = random.nextInt(50) + 1;
        String tier = TIERS[random.nextInt(TIERS.length)];
        s.executeUpdate("UPDATE public.customers SET tier = '" + tier + "', updated_at = now() WHERE customer_id = " + id);
        return "customer " + id + " is now " + tier;
      }
      if (dice < 9) {
        try (ResultSet next = s.executeQuery("SELECT GREATEST(max(customer_id) + 1, " + FIRST_NEW_ID + ") FROM public.customers")) {
          next.next();
          long id = next.getLong(1);
          insert(c, id, Instant.now());
          return "new customer " + id;
        }
      }
      int removed = s.executeUpdate("DELETE FROM public.customers WHERE customer_id = "
          + "(SELECT min(customer_id) FROM public.customers WHERE customer_id >= " + FIRST_NEW_ID + ")");
      return removed == 0 ? "no customer to remove" : "a new customer left";
    }
  }

  private void seed(Connection c) throws SQLException {
    // stamped just before now, as if the shop had just been filled: the demo's times are near the present
    Instant seededAt = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).minusSeconds(CUSTOMERS);
    for (int id = 1; id <= CUSTOMERS; id++) {
      insert(c, id, seededAt.plusSeconds(id));
    }
  }

  private void insert(Connection c, long id, Instant at) throws SQLException {
    try (PreparedStatement insert = c.prepareStatement(
        "INSERT INTO public.customers (customer_id, email, tier, country, updated_at) VALUES (?, ?, ?, ?, ?)")) {
      insert.setLong(1, id);
      insert.setString(2, "Customer" + id + "@Example.com");
      // the last two seeded customers have a tier the product's rule does not know: dead letters
      insert.setString(3, id > 50 && id <= CUSTOMERS ? "platinum" : TIERS[(int) (id % TIERS.length)]);
      insert.setString(4, COUNTRIES[(int) (id % COUNTRIES.length)]);
      insert.setTimestamp(5, Timestamp.from(at));
      insert.executeUpdate();
    }
  }

  private Connection connect() throws SQLException {
    return DriverManager.getConnection(url, user, "");
  }
}
