package dev.weft.cdc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.testing.Tables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import org.apache.iceberg.Table;
import org.apache.iceberg.data.Record;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One row of the captured customers product, comparable across the source table, the Iceberg table and the topic. */
record CustomerRow(long customerId, String email, String tier, BigDecimal credit, Instant updatedAt) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The table's rows, by customer id. */
  static List<CustomerRow> rowsOf(Table table) {
    return Tables.readAll(table).stream().map(CustomerRow::of).sorted(Comparator.comparingLong(CustomerRow::customerId)).toList();
  }

  /** What a compacted topic keeps: the latest value per key, without the keys whose latest record is a tombstone. */
  static List<CustomerRow> latestPerKey(List<ConsumerRecord<byte[], byte[]>> records) {
    TreeMap<Long, CustomerRow> latest = new TreeMap<>();
    for (ConsumerRecord<byte[], byte[]> record : records) {
      try {
        long key = JSON.readTree(record.key()).get("customer_id").asLong();
        if (record.value() == null) {
          latest.remove(key);
        } else {
          latest.put(key, of(JSON.readTree(record.value())));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return List.copyOf(latest.values());
  }

  static CustomerRow of(Record record) {
    return new CustomerRow((Long) record.getField("customer_id"), (String) record.getField("email"), (String) record.getField("tier"),
        (BigDecimal) record.getField("credit"), ((OffsetDateTime) record.getField("updated_at")).toInstant());
  }

  static CustomerRow of(JsonNode json) {
    return new CustomerRow(json.get("customer_id").asLong(), json.get("email").asText(), json.get("tier").asText(),
        json.get("credit").decimalValue().setScale(2), Instant.parse(json.get("updated_at").asText()));
  }
}
