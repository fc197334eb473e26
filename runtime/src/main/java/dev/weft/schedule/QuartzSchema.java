package dev.weft.schedule;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/** Creates Quartz's job store tables from the script Quartz ships, once: never drops anything. */
final class QuartzSchema {
  private static final String SCRIPT = "org/quartz/impl/jdbcjobstore/tables_postgres.sql";

  private QuartzSchema() {}

  static void createIfMissing(ScheduleStore store) throws SQLException {
    try (Connection db = DriverManager.getConnection(store.jdbcUrl(), store.user(), store.password())) {
      try (var tables = db.getMetaData().getTables(null, null, "qrtz_job_details", null)) {
        if (tables.next()) {
          return;
        }
      }
      db.setAutoCommit(false);
      try (Statement sql = db.createStatement()) {
        for (String statement : script().split(";")) {
          String text = statement.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + "\n" + b).strip();
          if (!text.isEmpty() && !text.toUpperCase().startsWith("DROP") && !text.equalsIgnoreCase("COMMIT")) {
            sql.execute(text);
          }
        }
      }
      db.commit();
    }
  }

  private static String script() {
    try (InputStream in = QuartzSchema.class.getClassLoader().getResourceAsStream(SCRIPT)) {
      if (in == null) {
        throw new IllegalStateException("Quartz's " + SCRIPT + " is not on the class path");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
