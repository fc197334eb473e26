package dev.weft.jobs.source.cdc;

/**
 * A PostgreSQL table a product captures changes from, with resolved credentials and the
 * replication slot (and publication of the same name) that belongs to this product's input.
 */
public record PostgresTable(
    String hostname, int port, String database, String schema, String table, String username, String password, String slotName)
    implements CapturedTable {

  @Override
  public String qualifiedName() {
    return schema + "." + table;
  }

  @Override
  public String originName() {
    return "postgres:" + qualifiedName();
  }

  /** The same table with another password (null: none, as the job carries it when the password is a reference). */
  public PostgresTable withPassword(String password) {
    return new PostgresTable(hostname, port, database, schema, table, username, password, slotName);
  }

  @Override
  public String toString() {
    // never print the password
    return "PostgresTable[" + username + "@" + hostname + ":" + port + "/" + database + " " + qualifiedName() + ", slot " + slotName + "]";
  }
}
