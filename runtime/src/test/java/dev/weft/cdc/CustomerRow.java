package dev.weft.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.apache.iceberg.data.Record;

/** One row of the captured customers product, comparable across the source table, the Iceberg table and the topic. */
record CustomerRow(long customerId, String email, String tier, BigDecimal credit, Instant updatedAt) {

  static CustomerRow of(Record record) {
    return new CustomerRow((Long) record.getField("customer_id"), (String) record.getField("email"), (String) record.getField("tier"),
        (BigDecimal) record.getField("credit"), ((OffsetDateTime) record.getField("updated_at")).toInstant());
  }

  static CustomerRow of(JsonNode json) {
    return new CustomerRow(json.get("customer_id").asLong(), json.get("email").asText(), json.get("tier").asText(),
        json.get("credit").decimalValue().setScale(2), Instant.parse(json.get("updated_at").asText()));
  }
}
