package dev.weft.jobs.avro;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.flink.formats.avro.typeutils.AvroSchemaConverter;
import org.apache.flink.table.types.logical.RowType;

/**
 * The Avro record schema of a row type, as Flink's Avro format maps each type (nullable columns
 * become a union with null, defaulting to null; DECIMAL the decimal logical type; TIMESTAMP_LTZ
 * timestamp-millis/-micros, TIMESTAMP local-timestamp-millis/-micros), with the record's name and
 * namespace and each field's description as its {@code doc}.
 */
public final class AvroSchemas {
  private AvroSchemas() {}

  /**
   * @param name the record's name; must be a valid Avro name ({@link #name})
   * @param docs descriptions by column name; columns without one get no doc
   */
  public static Schema record(RowType type, String namespace, String name, Optional<String> doc, Map<String, String> docs) {
    // legacy mapping off: TIMESTAMP_LTZ is an instant (timestamp-*), TIMESTAMP a wall-clock time (local-timestamp-*)
    Schema derived = AvroSchemaConverter.convertToSchema(type.copy(false), name, false);
    List<Schema.Field> fields = derived.getFields().stream()
        .map(f -> new Schema.Field(f.name(), f.schema(), docs.get(f.name()), f.defaultVal()))
        .toList();
    return Schema.createRecord(name, doc.orElse(null), namespace, false, fields);
  }

  /** {@code text} as an Avro name: letters, digits and underscores, not starting with a digit. */
  public static String name(String text) {
    String name = text.replaceAll("[^A-Za-z0-9_]", "_");
    return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
  }
}
