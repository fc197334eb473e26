package dev.weft.schedule;

/**
 * The PostgreSQL database that holds the schedules (Quartz's job store) and the run history. By
 * default the database of the Iceberg catalog: one database to back up, and it outlives the JVM.
 */
public record ScheduleStore(String jdbcUrl, String user, String password) {}
