package dev.weft.jobs.source.cdc;

import java.io.Serializable;

/** A database table a product captures changes from, with resolved credentials. */
public sealed interface CapturedTable extends Serializable permits PostgresTable, MySqlTable {

  String hostname();

  int port();

  String username();

  String password();

  /** {@code schema.table} (PostgreSQL) or {@code database.table} (MySQL). */
  String qualifiedName();

  /** How records of this table name their origin: {@code <connector>:<qualified name>}. */
  String originName();
}
