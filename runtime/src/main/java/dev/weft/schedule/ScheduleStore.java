package dev.weft.schedule;

import dev.weft.execute.IcebergCatalogSettings;

/**
 * The PostgreSQL database that holds the schedules (Quartz's job store) and the run history. By
 * default the database of the Iceberg catalog: one database to back up, and it outlives the JVM.
 */
public record ScheduleStore(String jdbcUrl, String user, String password) {

  /** The catalog's own database. */
  public static ScheduleStore of(IcebergCatalogSettings catalog) {
    return new ScheduleStore(catalog.jdbcUrl(), catalog.user(), catalog.password());
  }
}
