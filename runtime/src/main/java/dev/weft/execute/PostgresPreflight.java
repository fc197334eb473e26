package dev.weft.execute;

import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.jobs.source.cdc.PostgresTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Checks, before a product with a PostgreSQL CDC input starts, everything that would otherwise fail
 * deep inside the job: the server is reachable, the credentials work, logical decoding is on, the
 * user may replicate, the table exists with the declared primary key and columns, it logs whole
 * old rows (REPLICA IDENTITY FULL), the user may read it and create its publication, and no slot of
 * the product's name serves another database.
 */
final class PostgresPreflight {
  private static final int CONNECT_TIMEOUT_SECONDS = 10;
  /** PostgreSQL types (pg_type.typname) each declared column type may be read from. */
  private static final Map<String, Set<String>> READABLE_FROM = Map.ofEntries(
      Map.entry("BOOLEAN", Set.of("bool")),
      Map.entry("SMALLINT", Set.of("int2")),
      Map.entry("INTEGER", Set.of("int2", "int4")),
      Map.entry("BIGINT", Set.of("int2", "int4", "int8")),
      Map.entry("FLOAT", Set.of("float4")),
      Map.entry("DOUBLE", Set.of("float4", "float8")),
      Map.entry("DECIMAL", Set.of("numeric", "int2", "int4", "int8")),
      Map.entry("VARCHAR", Set.of("text", "varchar", "bpchar", "uuid", "json", "jsonb")),
      Map.entry("CHAR", Set.of("bpchar")),
      Map.entry("DATE", Set.of("date")),
      Map.entry("TIMESTAMP", Set.of("timestamp")),
      Map.entry("TIMESTAMP_LTZ", Set.of("timestamptz")),
      Map.entry("VARBINARY", Set.of("bytea")));

  private PostgresPreflight() {}

  /** @throws ChangeSourceException with what is wrong and what to change */
  static void check(ProductPlan plan, InputPlan input, PostgresTable table) {
    String where = "PostgreSQL at " + table.hostname() + ":" + table.port();
    String prefix = "product " + plan.product() + ", input '" + input.name() + "': ";
    try (Connection connection = connect(table, where, prefix)) {
      String walLevel = TableShape.single(connection, "SHOW wal_level");
      if (!walLevel.equals("logical")) {
        throw new ChangeSourceException(prefix + where + " has wal_level = " + walLevel + ", but CDC needs logical decoding: "
            + "set wal_level = logical in postgresql.conf (or run ALTER SYSTEM SET wal_level = logical) and restart the server");
      }
      if (!TableShape.single(connection, "SELECT (rolsuper OR rolreplication)::text FROM pg_roles WHERE rolname = current_user").equals("true")) {
        throw new ChangeSourceException(prefix + "user '" + table.username() + "' may not stream changes from " + where
            + ": ALTER ROLE " + table.username() + " REPLICATION");
      }
      Map<String, String> columns = columns(connection, table);
      if (columns.isEmpty()) {
        throw new ChangeSourceException(prefix + "table " + table.qualifiedName() + " does not exist in database "
            + table.database() + " on " + where);
      }
      TableShape.check(prefix, table.qualifiedName(), columns, primaryKey(connection, table), input, READABLE_FROM);
      if (!replicaIdentity(connection, table).equals("f")) {
        throw new ChangeSourceException(prefix + "table " + table.qualifiedName() + " logs only the key of changed rows; CDC needs "
            + "the whole old row of updates and deletes: ALTER TABLE " + table.qualifiedName() + " REPLICA IDENTITY FULL");
      }
      checkRights(connection, table, prefix);
      checkSlotOfOtherDatabase(connection, table, prefix, where);
    } catch (SQLException e) {
      throw new ChangeSourceException(prefix + "cannot inspect " + table.qualifiedName() + " on " + where + ": " + e.getMessage(), e);
    }
  }

  /**
   * The rights the user needs besides REPLICATION: SELECT on the table for its snapshot, and, unless
   * the publication of the slot's name exists already, what creating it takes: CREATE on the
   * database and ownership of the table (PostgreSQL asks both of a publication FOR TABLE). Without
   * them the product failed at run time, creating its publication.
   */
  private static void checkRights(Connection connection, PostgresTable table, String prefix) throws SQLException {
    String user = table.username();
    String grantee = PostgresIdentifiers.asWritten(user);
    String qualified = PostgresIdentifiers.asWritten(table.schema()) + "." + PostgresIdentifiers.asWritten(table.table());
    try (PreparedStatement query = connection.prepareStatement("""
        SELECT r.rolsuper,
               has_table_privilege(c.oid, 'SELECT'),
               EXISTS (SELECT 1 FROM pg_publication WHERE pubname = ?),
               has_database_privilege(current_database(), 'CREATE'),
               pg_has_role(c.relowner, 'USAGE'),
               pg_get_userbyid(c.relowner)
          FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, pg_roles r
         WHERE n.nspname = ? AND c.relname = ? AND r.rolname = current_user""")) {
      query.setString(1, table.slotName());
      query.setString(2, table.schema());
      query.setString(3, table.table());
      try (ResultSet row = query.executeQuery()) {
        if (!row.next() || row.getBoolean(1)) {
          return; // a superuser may do everything
        }
        if (!row.getBoolean(2)) {
          throw new ChangeSourceException(prefix + "user '" + user + "' may not read table " + table.qualifiedName()
              + ", which its snapshot needs: GRANT SELECT ON " + qualified + " TO " + grantee);
        }
        if (row.getBoolean(3)) {
          return; // the publication is there: the user only reads through it
        }
        List<String> missing = new ArrayList<>();
        List<String> fixes = new ArrayList<>();
        if (!row.getBoolean(4)) {
          missing.add("CREATE on database " + table.database());
          fixes.add("GRANT CREATE ON DATABASE " + PostgresIdentifiers.asWritten(table.database()) + " TO " + grantee);
        }
        if (!row.getBoolean(5)) {
          missing.add("ownership of table " + table.qualifiedName() + " (owned by '" + row.getString(6) + "')");
          fixes.add("ALTER TABLE " + qualified + " OWNER TO " + grantee);
        }
        if (!missing.isEmpty()) {
          throw new ChangeSourceException(prefix + "user '" + user + "' may not create the publication that CDC reads through, "
              + "which needs " + String.join(" and ", missing) + "; let the table's owner create it: CREATE PUBLICATION "
              + PostgresIdentifiers.asWritten(table.slotName()) + " FOR TABLE " + qualified + ", or give the user what it lacks: "
              + String.join("; ", fixes));
        }
      }
    }
  }

  /**
   * A replication slot belongs to one database, and its name is the product's: a slot of that name
   * for another database on the same server (an earlier setup, or a product of the same name that
   * reads another database) made the job fail inside Flink CDC's split enumerator.
   */
  private static void checkSlotOfOtherDatabase(Connection connection, PostgresTable table, String prefix, String where)
      throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "SELECT database FROM pg_replication_slots WHERE slot_name = ? AND database IS DISTINCT FROM current_database()")) {
      query.setString(1, table.slotName());
      try (ResultSet row = query.executeQuery()) {
        if (row.next()) {
          throw new ChangeSourceException(prefix + "replication slot " + table.slotName() + " already exists on " + where
              + " for database '" + row.getString(1) + "', and a slot serves one database; if it is left from an earlier setup, "
              + "drop it there (weft drop with a spec whose input reads database " + row.getString(1)
              + ", or SELECT pg_drop_replication_slot('" + table.slotName() + "')), or give this product another name");
        }
      }
    }
  }

  private static Connection connect(PostgresTable table, String where, String prefix) {
    Properties properties = new Properties();
    properties.setProperty("user", table.username());
    properties.setProperty("password", table.password());
    properties.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
    String url = "jdbc:postgresql://" + table.hostname() + ":" + table.port() + "/" + table.database();
    try {
      return DriverManager.getConnection(url, properties);
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      String message = switch (state) {
        case "28P01", "28000" -> "cannot log in to " + where + " as user '" + table.username()
            + "': the server refused the user name or password; check the input's username and password";
        case "3D000" -> "database '" + table.database() + "' does not exist on " + where;
        default -> state.startsWith("08")
            ? "cannot reach " + where + " (" + TableShape.rootMessage(e) + "); is the server running and the input's url right?"
            : "cannot connect to " + where + ": " + e.getMessage();
      };
      throw new ChangeSourceException(prefix + message, e);
    }
  }

  /** Column name to pg_type name, in table order; empty when the table does not exist. */
  private static Map<String, String> columns(Connection connection, PostgresTable table) throws SQLException {
    Map<String, String> columns = new LinkedHashMap<>();
    try (PreparedStatement query = connection.prepareStatement("""
        SELECT a.attname, t.typname FROM pg_attribute a
          JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_type t ON t.oid = a.atttypid
         WHERE n.nspname = ? AND c.relname = ? AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped
         ORDER BY a.attnum""")) {
      query.setString(1, table.schema());
      query.setString(2, table.table());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          columns.put(rows.getString(1), rows.getString(2));
        }
      }
    }
    return columns;
  }

  /** pg_class.relreplident: d (default: the key), f (full), n (nothing), i (an index). */
  private static String replicaIdentity(Connection connection, PostgresTable table) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement("SELECT c.relreplident::text FROM pg_class c "
        + "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
      query.setString(1, table.schema());
      query.setString(2, table.table());
      try (ResultSet rows = query.executeQuery()) {
        return rows.next() ? rows.getString(1) : "";
      }
    }
  }

  private static List<String> primaryKey(Connection connection, PostgresTable table) throws SQLException {
    List<String> key = new ArrayList<>();
    try (PreparedStatement query = connection.prepareStatement("""
        SELECT a.attname FROM pg_index i
          JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
          JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, position) ON true
          JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
         WHERE n.nspname = ? AND c.relname = ? AND i.indisprimary
         ORDER BY k.position""")) {
      query.setString(1, table.schema());
      query.setString(2, table.table());
      try (ResultSet rows = query.executeQuery()) {
        while (rows.next()) {
          key.add(rows.getString(1));
        }
      }
    }
    return key;
  }
}
