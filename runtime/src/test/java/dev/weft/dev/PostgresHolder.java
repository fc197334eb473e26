package dev.weft.dev;

import java.nio.file.Path;

/** A stand-in for a Weft process, started by tests in a JVM of its own: runs the embedded PostgreSQL until it is killed. */
public final class PostgresHolder {
  private PostgresHolder() {}

  public static void main(String[] args) throws Exception {
    EmbeddedPostgres postgres = EmbeddedPostgres.start(Path.of(args[0]));
    System.out.println("ready " + postgres.jdbcUrl());
    System.out.flush();
    Thread.sleep(Long.MAX_VALUE);
  }
}
