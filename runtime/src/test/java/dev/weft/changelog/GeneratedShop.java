package dev.weft.changelog;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;

/**
 * Orders and customers in real PostgreSQL tables, changed at random: inserts, updates that move an
 * order into and out of filters (status, amount) and join matches (its customer), customers whose
 * tier changes, who go and who come. Every seed owns its own keys ({@link #seedOf}), so one run
 * holds the changes of many seeds, interleaved, and each seed's rows can be compared on their own.
 * Seed 0 holds the markers that tell when a streaming product has caught up.
 */
final class GeneratedShop {
  static final String[] STATUSES = {"NEW", "PAID", "SHIPPED", "CANCELLED"};
  static final String[] TIERS = {"gold", "silver", "bronze"};
  static final String[] REGIONS = {"eu", "us"};
  static final int ORDERS_PER_SEED = 30;
  static final int CUSTOMERS_PER_SEED = 8;
  static final int CHANGES_PER_SEED = 40;

  private final String url;
  final String orders;
  final String customers;

  GeneratedShop(String url, String suffix) {
    this.url = url;
    this.orders = "public.dt_orders_" + suffix;
    this.customers = "public.dt_customers_" + suffix;
  }

  static long orderId(int seed, int i) {
    return seed * 10_000L + i;
  }

  static long customerId(int seed, int j) {
    return seed * 10_000L + 500 + j;
  }

  /** The seed whose rows a key (an order's or a customer's) belongs to. */
  static int seedOf(long key) {
    return (int) (key / 10_000);
  }

  Connection connect() throws SQLException {
    return DriverManager.getConnection(url, "postgres", "");
  }

  void create() throws SQLException {
    execute(List.of(
        "DROP TABLE IF EXISTS " + orders, "DROP TABLE IF EXISTS " + customers,
        "CREATE TABLE " + orders + " (order_id BIGINT PRIMARY KEY, customer_id BIGINT, status TEXT, amount NUMERIC(10,2))",
        "CREATE TABLE " + customers + " (customer_id BIGINT PRIMARY KEY, tier TEXT, region TEXT)",
        "ALTER TABLE " + orders + " REPLICA IDENTITY FULL", "ALTER TABLE " + customers + " REPLICA IDENTITY FULL"));
  }

  void execute(List<String> statements) throws SQLException {
    try (Connection c = connect(); Statement s = c.createStatement()) {
      for (String sql : statements) {
        s.execute(sql);
      }
    }
  }

  /** The marker of phase {@code n} (1: start, 2: end): an order of a gold customer, paid, that every streaming shape keeps. */
  List<String> marker(int n) {
    return List.of(
        "INSERT INTO " + customers + " VALUES (" + customerId(0, n) + ", 'gold', 'eu')",
        "INSERT INTO " + orders + " VALUES (" + orderId(0, n) + ", " + customerId(0, n) + ", 'PAID', 50.00)");
  }

  /** What one seed does: first rows (before any product runs), then its changes one statement at a time. */
  final class SeedChanges {
    final int seed;
    final List<String> firstRows = new ArrayList<>();
    final List<String> changes = new ArrayList<>();
    private final Random random;
    private final Map<Integer, Boolean> orderExists = new HashMap<>();
    private final TreeSet<Integer> customersPresent = new TreeSet<>();
    private int nextOrder;

    SeedChanges(int seed, long randomSeed) {
      this.seed = seed;
      this.random = new Random(randomSeed);
      for (int j = 0; j < CUSTOMERS_PER_SEED - 2; j++) {
        firstRows.add(insertCustomer(j));
      }
      for (nextOrder = 0; nextOrder < ORDERS_PER_SEED / 2; nextOrder++) {
        firstRows.add(insertOrder(nextOrder));
      }
      for (int n = 0; n < CHANGES_PER_SEED; n++) {
        changes.add(change());
      }
    }

    private String change() {
      List<Integer> existing = orderExists.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).sorted().toList();
      int kind = random.nextInt(11);
      if (existing.isEmpty() || kind == 0 && nextOrder < ORDERS_PER_SEED) {
        return insertOrder(nextOrder++);
      }
      int order = existing.get(random.nextInt(existing.size()));
      String where = " WHERE order_id = " + orderId(seed, order);
      return switch (kind) {
        case 1, 2 -> "UPDATE " + orders + " SET status = '" + pick(STATUSES) + "'" + where;
        case 3 -> "UPDATE " + orders + " SET amount = " + amount() + where;
        case 4 -> "UPDATE " + orders + " SET customer_id = " + customerId(seed, random.nextInt(CUSTOMERS_PER_SEED)) + where;
        case 5 -> {
          orderExists.put(order, false);
          yield "DELETE FROM " + orders + where;
        }
        case 6 -> "UPDATE " + orders + " SET status = status" + where; // an update that changes nothing
        case 7 -> "UPDATE " + customers + " SET tier = '" + pick(TIERS) + "' WHERE customer_id = " + customerId(seed, random.nextInt(CUSTOMERS_PER_SEED));
        case 8 -> "UPDATE " + customers + " SET region = '" + pick(REGIONS) + "' WHERE customer_id = " + customerId(seed, random.nextInt(CUSTOMERS_PER_SEED));
        case 9 -> {
          int j = random.nextInt(CUSTOMERS_PER_SEED);
          if (customersPresent.remove(j)) {
            yield "DELETE FROM " + customers + " WHERE customer_id = " + customerId(seed, j);
          }
          yield insertCustomer(j);
        }
        default -> "UPDATE " + orders + " SET status = '" + pick(STATUSES) + "', amount = " + amount() + where;
      };
    }

    private String insertOrder(int i) {
      orderExists.put(i, true);
      return "INSERT INTO " + orders + " VALUES (" + orderId(seed, i) + ", " + customerId(seed, random.nextInt(CUSTOMERS_PER_SEED))
          + ", '" + pick(STATUSES) + "', " + amount() + ")";
    }

    private String insertCustomer(int j) {
      customersPresent.add(j);
      return "INSERT INTO " + customers + " VALUES (" + customerId(seed, j) + ", '" + pick(TIERS) + "', '" + pick(REGIONS) + "')";
    }

    private String amount() {
      return BigDecimal.valueOf(random.nextInt(10_000), 2).toPlainString();
    }

    private String pick(String[] values) {
      return values[random.nextInt(values.length)];
    }
  }
}
