package dev.weft.jobs.source.cdc;

/**
 * A MySQL or MariaDB table a product captures from its binlog.
 *
 * @param serverIds the replica server ids the product's binlog readers use, {@code first-last};
 *     each must be unique among the server's replicas
 */
public record MySqlTable(String hostname, int port, String database, String table, String username, String password, String serverIds)
    implements CapturedTable {

  @Override
  public String qualifiedName() {
    return database + "." + table;
  }

  @Override
  public String originName() {
    return "mysql:" + qualifiedName();
  }

  /** The same table with another password (null: none, as the job carries it when the password is a reference). */
  public MySqlTable withPassword(String password) {
    return new MySqlTable(hostname, port, database, table, username, password, serverIds);
  }

  @Override
  public String toString() {
    // never print the password
    return "MySqlTable[" + username + "@" + hostname + ":" + port + " " + qualifiedName() + ", server ids " + serverIds + "]";
  }
}
