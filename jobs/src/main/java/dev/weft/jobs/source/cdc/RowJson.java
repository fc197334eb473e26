package dev.weft.jobs.source.cdc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Map;
import org.apache.flink.cdc.connectors.shaded.com.fasterxml.jackson.core.JsonEncoding;
import org.apache.flink.cdc.connectors.shaded.com.fasterxml.jackson.core.JsonFactory;
import org.apache.flink.cdc.connectors.shaded.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.cdc.connectors.shaded.com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.flink.cdc.connectors.shaded.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Date;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Field;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Time;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Timestamp;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.errors.DataException;

/**
 * A captured row as JSON, byte for byte what Kafka Connect's {@code JsonConverter} writes with
 * {@code schemas.enable=false} and {@code decimal.format=NUMERIC} (the row JSON of the dead-letter
 * contract). The converter builds a Jackson tree of every row and then serializes it (13% of the
 * source thread in the snapshot profile); this writes the same tokens straight to the same Jackson
 * generator. {@code RowJsonTest} compares the two over generated rows of every Connect type. Not
 * thread-safe: one per source reader.
 */
final class RowJson {
  private final JsonFactory factory = new ObjectMapper().getFactory();
  private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

  /** The row as UTF-8 JSON. */
  byte[] write(Struct row) {
    buffer.reset();
    try (JsonGenerator out = factory.createGenerator(buffer, JsonEncoding.UTF8)) {
      value(out, row.schema(), row);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.toByteArray();
  }

  /** Mirrors {@code JsonConverter.convertToJson}, case for case. */
  private static void value(JsonGenerator out, Schema schema, Object value) throws IOException {
    if (value == null) {
      if (schema.defaultValue() != null) {
        value(out, schema, schema.defaultValue());
      } else if (schema.isOptional()) {
        out.writeNull();
      } else {
        throw new DataException("Conversion error: null value for field that is required and has no default value");
      }
      return;
    }
    if (schema.name() != null && logical(out, schema, value)) {
      return;
    }
    switch (schema.type()) {
      case INT8 -> out.writeNumber(((Byte) value).intValue());
      case INT16 -> out.writeNumber((Short) value);
      case INT32 -> out.writeNumber((Integer) value);
      case INT64 -> out.writeNumber((Long) value);
      case FLOAT32 -> out.writeNumber((Float) value);
      case FLOAT64 -> out.writeNumber((Double) value);
      case BOOLEAN -> out.writeBoolean((Boolean) value);
      case STRING -> out.writeString(((CharSequence) value).toString());
      case BYTES -> {
        // the converter takes a buffer's whole backing array, not its remaining bytes
        byte[] bytes = value instanceof ByteBuffer buffer ? buffer.array() : (byte[]) value;
        out.writeBinary(bytes);
      }
      case ARRAY -> {
        out.writeStartArray();
        for (Object element : (Collection<?>) value) {
          value(out, schema.valueSchema(), element);
        }
        out.writeEndArray();
      }
      case MAP -> map(out, schema, (Map<?, ?>) value);
      case STRUCT -> {
        Struct struct = (Struct) value;
        if (!struct.schema().equals(schema)) {
          throw new DataException("Mismatching schema.");
        }
        out.writeStartObject();
        for (Field field : schema.fields()) {
          out.writeFieldName(field.name());
          value(out, field.schema(), struct.getWithoutDefault(field.name()));
        }
        out.writeEndObject();
      }
      default -> throw new DataException("Couldn't convert " + value + " to JSON.");
    }
  }

  /** The converter's logical types: decimals as numbers, dates and times as their Connect integers. */
  private static boolean logical(JsonGenerator out, Schema schema, Object value) throws IOException {
    switch (schema.name()) {
      case Decimal.LOGICAL_NAME -> {
        if (!(value instanceof BigDecimal decimal)) {
          throw new DataException("Invalid type for Decimal, expected BigDecimal but was " + value.getClass());
        }
        out.writeNumber(decimal);
      }
      case Date.LOGICAL_NAME -> out.writeNumber(Date.fromLogical(schema, javaDate(value, "Date")));
      case Time.LOGICAL_NAME -> out.writeNumber(Time.fromLogical(schema, javaDate(value, "Time")));
      case Timestamp.LOGICAL_NAME -> out.writeNumber(Timestamp.fromLogical(schema, javaDate(value, "Timestamp")));
      default -> {
        return false;
      }
    }
    return true;
  }

  private static java.util.Date javaDate(Object value, String type) {
    if (!(value instanceof java.util.Date date)) {
      throw new DataException("Invalid type for " + type + ", expected Date but was " + value.getClass());
    }
    return date;
  }

  /** String keys make an object; other keys an array of [key, value] pairs, as the converter does. */
  private static void map(JsonGenerator out, Schema schema, Map<?, ?> map) throws IOException {
    boolean objectMode = schema.keySchema().type() == Schema.Type.STRING;
    if (objectMode) {
      // the converter collects the entries in an object node first; the keys of a Java map are
      // distinct, so their texts are too, except a null key next to a "null" one (not tested)
      out.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.writeFieldName(keyText(schema.keySchema(), entry.getKey()));
        value(out, schema.valueSchema(), entry.getValue());
      }
      out.writeEndObject();
    } else {
      out.writeStartArray();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        out.writeStartArray();
        value(out, schema.keySchema(), entry.getKey());
        value(out, schema.valueSchema(), entry.getValue());
        out.writeEndArray();
      }
      out.writeEndArray();
    }
  }

  /** {@code asText()} of the key's JSON node: a null key becomes "null", as NullNode's text is. */
  private static String keyText(Schema keySchema, Object key) {
    if (key == null && keySchema.defaultValue() != null) {
      return String.valueOf(keySchema.defaultValue());
    }
    if (key == null) {
      if (!keySchema.isOptional()) {
        throw new DataException("Conversion error: null value for field that is required and has no default value");
      }
      return "null";
    }
    return ((CharSequence) key).toString();
  }
}
