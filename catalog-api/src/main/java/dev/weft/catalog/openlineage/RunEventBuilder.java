package dev.weft.catalog.openlineage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.Input;
import java.time.Instant;
import java.util.UUID;

/**
 * Builds the OpenLineage RunEvents of one run of a product from its registration, so the runtime
 * can send START, then COMPLETE or FAIL, to the catalog or to Marquez/DataHub. The job is
 * {@code weft}/{@code domain.name}; inputs are the topics, tables and upstream products' topics it
 * reads; outputs its topic (with the schema facet) and its Iceberg table.
 */
public final class RunEventBuilder {
  public static final String JOB_NAMESPACE = "weft";
  public static final String PRODUCER = "urn:dev.weft:weft-catalog";
  static final String SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
  static final String SCHEMA_FACET_URL = "https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
  static final String ERROR_FACET_URL = "https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet";

  private final ObjectMapper json;
  private final ProductRegistration registration;
  private final UUID runId;

  public RunEventBuilder(ObjectMapper json, ProductRegistration registration, UUID runId) {
    this.json = json;
    this.registration = registration;
    this.runId = runId;
  }

  public ObjectNode start(Instant at) {
    return event("START", at);
  }

  public ObjectNode complete(Instant at) {
    return event("COMPLETE", at);
  }

  /** The run was stopped before it ended by itself: a streaming product stopped with Ctrl-C. */
  public ObjectNode abort(Instant at) {
    return event("ABORT", at);
  }

  /** A FAIL event with the error message facet. */
  public ObjectNode fail(Instant at, String message) {
    ObjectNode event = event("FAIL", at);
    ObjectNode error = ((ObjectNode) event.get("run")).putObject("facets").putObject("errorMessage");
    error.put("_producer", PRODUCER);
    error.put("_schemaURL", ERROR_FACET_URL);
    error.put("message", message);
    error.put("programmingLanguage", "Java");
    return event;
  }

  private ObjectNode event(String type, Instant at) {
    ObjectNode event = json.createObjectNode();
    event.put("eventType", type);
    event.put("eventTime", at.toString());
    event.put("producer", PRODUCER);
    event.put("schemaURL", SCHEMA_URL);
    event.putObject("run").put("runId", runId.toString());
    ObjectNode job = event.putObject("job");
    job.put("namespace", JOB_NAMESPACE);
    job.put("name", registration.qualifiedName());
    ArrayNode inputs = event.putArray("inputs");
    for (Input input : registration.inputs()) {
      ObjectNode dataset = inputs.addObject();
      switch (input.kind()) {
        case "kafka" -> dataset.put("namespace", "kafka").put("name", input.source());
        case "cdc" -> dataset.put("namespace", "postgres").put("name", input.source());
        default -> dataset.put("namespace", JOB_NAMESPACE).put("name", ProductRef.parseOrNull(input.source()).qualifiedName());
      }
    }
    ArrayNode outputs = event.putArray("outputs");
    ObjectNode topic = outputs.addObject().put("namespace", "kafka").put("name", registration.outputs().topic());
    schemaFacet(topic.putObject("facets"));
    ObjectNode table = outputs.addObject().put("namespace", "iceberg").put("name", registration.outputs().table());
    schemaFacet(table.putObject("facets"));
    return event;
  }

  private void schemaFacet(ObjectNode facets) {
    ObjectNode schema = facets.putObject("schema");
    schema.put("_producer", PRODUCER);
    schema.put("_schemaURL", SCHEMA_FACET_URL);
    ArrayNode fields = schema.putArray("fields");
    for (Column column : registration.schema().columns()) {
      ObjectNode field = fields.addObject().put("name", column.name()).put("type", column.type());
      if (column.description() != null) {
        field.put("description", column.description());
      }
    }
  }
}
