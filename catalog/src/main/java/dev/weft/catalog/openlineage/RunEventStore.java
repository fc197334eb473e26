package dev.weft.catalog.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.catalog.health.Instants;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** OpenLineage run events as received; a product's events are those whose job name is {@code domain.name}. */
public final class RunEventStore {

  public long insert(Connection connection, JsonNode event, Instant receivedAt) throws SQLException {
    try (PreparedStatement insert = connection.prepareStatement(
        "INSERT INTO openlineage_event (event_type, event_time, run_id, job_namespace, job_name, payload, received_at)"
            + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?) RETURNING id")) {
      insert.setString(1, event.get("eventType").asText());
      insert.setTimestamp(2, Timestamp.from(Instants.parseOrNull(event.get("eventTime").asText())));
      insert.setObject(3, RunEvents.uuidOrNull(event.path("run").get("runId").asText()));
      insert.setString(4, event.path("job").get("namespace").asText());
      insert.setString(5, event.path("job").get("name").asText());
      insert.setString(6, event.toString());
      insert.setTimestamp(7, Timestamp.from(receivedAt));
      try (ResultSet row = insert.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    }
  }

  /** The payloads, oldest event first. */
  public List<String> forJob(Connection connection, String jobName) throws SQLException {
    List<String> events = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement(
        "SELECT payload::text FROM openlineage_event WHERE job_name = ? ORDER BY event_time, id")) {
      select.setString(1, jobName);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          events.add(rows.getString(1));
        }
      }
    }
    return events;
  }
}
