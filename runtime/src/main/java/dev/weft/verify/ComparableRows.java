package dev.weft.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.Schema;
import org.apache.iceberg.StructLike;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * One form for a product row whether it was read from the topic (Flink's JSON: ISO-8601 times,
 * plain decimals, base64 bytes) or from the table (Iceberg's Java values), so that the two can be
 * compared as strings: {@code {"order_id":17,"total":12.5,"placed_at":"2026-11-01T00:17:00Z"}}.
 * Decimals lose trailing zeros, timestamps with time zone are instants.
 */
final class ComparableRows {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final Schema schema;

  /** @param schema the table's schema: its columns are the published ones */
  ComparableRows(Schema schema) {
    this.schema = schema;
  }

  /** The row a topic record's JSON value holds, or of its key (columns it lacks are left out). */
  String ofJson(JsonNode json, List<String> columns) {
    ObjectNode row = NODES.objectNode();
    for (String column : columns) {
      Types.NestedField field = schema.findField(column);
      JsonNode value = json.get(column);
      row.set(column, value == null || value.isNull() ? NODES.nullNode() : fromJson(value, field.type()));
    }
    return row.toString();
  }

  String ofRecord(Record record, List<String> columns) {
    ObjectNode row = NODES.objectNode();
    for (String column : columns) {
      Types.NestedField field = schema.findField(column);
      Object value = record.getField(column);
      row.set(column, value == null ? NODES.nullNode() : fromIceberg(value, field.type()));
    }
    return row.toString();
  }

  List<String> columns() {
    return schema.columns().stream().map(Types.NestedField::name).toList();
  }

  private static JsonNode fromJson(JsonNode value, Type type) {
    if (value.isNull()) {
      return NODES.nullNode();
    }
    return switch (type.typeId()) {
      case BOOLEAN -> NODES.booleanNode(value.asBoolean());
      case INTEGER, LONG -> NODES.numberNode(value.asLong());
      case FLOAT -> NODES.textNode(Float.toString(value.floatValue()));
      case DOUBLE -> NODES.textNode(Double.toString(value.doubleValue()));
      case DECIMAL -> decimal(value.decimalValue());
      case DATE -> NODES.textNode(LocalDate.parse(value.asText()).toString());
      case TIME -> NODES.textNode(LocalTime.parse(value.asText()).toString());
      case TIMESTAMP, TIMESTAMP_NANO -> NODES.textNode(isUtc(type)
          ? Instant.parse(value.asText()).toString()
          : LocalDateTime.parse(value.asText()).toString());
      case BINARY, FIXED -> NODES.textNode(value.asText());
      case STRUCT -> {
        ObjectNode row = NODES.objectNode();
        for (Types.NestedField field : type.asStructType().fields()) {
          JsonNode inner = value.get(field.name());
          row.set(field.name(), inner == null ? NODES.nullNode() : fromJson(inner, field.type()));
        }
        yield row;
      }
      case LIST -> {
        ArrayNode list = NODES.arrayNode();
        value.forEach(element -> list.add(fromJson(element, type.asListType().elementType())));
        yield list;
      }
      case MAP -> {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        value.fields().forEachRemaining(e -> sorted.put(e.getKey(), fromJson(e.getValue(), type.asMapType().valueType())));
        ObjectNode map = NODES.objectNode();
        sorted.forEach(map::set);
        yield map;
      }
      default -> NODES.textNode(value.asText());
    };
  }

  private static JsonNode fromIceberg(Object value, Type type) {
    if (value == null) {
      return NODES.nullNode();
    }
    return switch (type.typeId()) {
      case BOOLEAN -> NODES.booleanNode((Boolean) value);
      case INTEGER, LONG -> NODES.numberNode(((Number) value).longValue());
      case FLOAT -> NODES.textNode(Float.toString(((Number) value).floatValue()));
      case DOUBLE -> NODES.textNode(Double.toString(((Number) value).doubleValue()));
      case DECIMAL -> decimal((BigDecimal) value);
      case TIMESTAMP, TIMESTAMP_NANO -> NODES.textNode(value instanceof OffsetDateTime t ? t.toInstant().toString() : value.toString());
      case BINARY, FIXED -> NODES.textNode(Base64.getEncoder().encodeToString(bytes(value)));
      case STRUCT -> {
        ObjectNode row = NODES.objectNode();
        StructLike struct = (StructLike) value;
        List<Types.NestedField> fields = type.asStructType().fields();
        for (int i = 0; i < fields.size(); i++) {
          Types.NestedField field = fields.get(i);
          Object inner = struct instanceof Record record ? record.getField(field.name()) : struct.get(i, Object.class);
          row.set(field.name(), fromIceberg(inner, field.type()));
        }
        yield row;
      }
      case LIST -> {
        ArrayNode list = NODES.arrayNode();
        ((List<?>) value).forEach(element -> list.add(fromIceberg(element, type.asListType().elementType())));
        yield list;
      }
      case MAP -> {
        TreeMap<String, JsonNode> sorted = new TreeMap<>();
        ((Map<?, ?>) value).forEach((k, v) -> sorted.put(String.valueOf(k), fromIceberg(v, type.asMapType().valueType())));
        ObjectNode map = NODES.objectNode();
        sorted.forEach(map::set);
        yield map;
      }
      default -> NODES.textNode(value.toString());
    };
  }

  private static boolean isUtc(Type type) {
    return type instanceof Types.TimestampType t ? t.shouldAdjustToUTC() : ((Types.TimestampNanoType) type).shouldAdjustToUTC();
  }

  /** Without trailing zeros and never in exponent form, so 12.50 and 12.5 (and 100 and 1E+2) are one value. */
  private static JsonNode decimal(BigDecimal value) {
    return NODES.numberNode(new BigDecimal(value.stripTrailingZeros().toPlainString()));
  }

  private static byte[] bytes(Object value) {
    if (value instanceof ByteBuffer buffer) {
      byte[] copy = new byte[buffer.remaining()];
      buffer.duplicate().get(copy);
      return copy;
    }
    return (byte[]) value;
  }
}
