package dev.weft.maintain;

/** What one maintenance run did to a table: its files before and after. */
public record MaintenanceResult(MaintenanceTask task, String table, TableFiles before, TableFiles after) {}
