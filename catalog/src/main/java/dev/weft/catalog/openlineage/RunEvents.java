package dev.weft.catalog.openlineage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.weft.catalog.health.Instants;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** What an OpenLineage 1.x RunEvent must have for the catalog to store it. */
public final class RunEvents {
  public static final Set<String> EVENT_TYPES = Set.of("START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER");

  private RunEvents() {}

  public static List<String> problems(JsonNode event) {
    List<String> problems = new ArrayList<>();
    String type = text(event, "eventType");
    if (type == null) {
      problems.add("eventType: missing");
    } else if (!EVENT_TYPES.contains(type)) {
      problems.add("eventType: must be one of ABORT, COMPLETE, FAIL, OTHER, RUNNING, START, was '" + type + "'");
    }
    String time = text(event, "eventTime");
    if (time == null) {
      problems.add("eventTime: missing");
    } else if (Instants.parseOrNull(time) == null) {
      problems.add("eventTime: must be an ISO-8601 date-time with offset, was '" + time + "'");
    }
    if (text(event, "producer") == null) {
      problems.add("producer: missing");
    }
    String runId = text(event.path("run"), "runId");
    if (runId == null) {
      problems.add("run.runId: missing");
    } else if (uuidOrNull(runId) == null) {
      problems.add("run.runId: must be a UUID, was '" + runId + "'");
    }
    if (text(event.path("job"), "namespace") == null) {
      problems.add("job.namespace: missing");
    }
    if (text(event.path("job"), "name") == null) {
      problems.add("job.name: missing");
    }
    datasets(problems, event, "inputs");
    datasets(problems, event, "outputs");
    return problems;
  }

  private static void datasets(List<String> problems, JsonNode event, String field) {
    JsonNode datasets = event.get(field);
    if (datasets == null || datasets.isNull()) {
      return;
    }
    if (!datasets.isArray()) {
      problems.add(field + ": must be an array of datasets");
      return;
    }
    for (int i = 0; i < datasets.size(); i++) {
      if (text(datasets.get(i), "namespace") == null) {
        problems.add(field + "[" + i + "].namespace: missing");
      }
      if (text(datasets.get(i), "name") == null) {
        problems.add(field + "[" + i + "].name: missing");
      }
    }
  }

  static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || !value.isTextual() || value.asText().isBlank() ? null : value.asText();
  }

  static UUID uuidOrNull(String text) {
    try {
      UUID uuid = UUID.fromString(text);
      return uuid.toString().equalsIgnoreCase(text) ? uuid : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
