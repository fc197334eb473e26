package dev.weft.jobs.sink;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.common.TimeFormats;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonEncoding;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.JsonGenerator;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.io.SerializedString;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.core.util.ByteArrayBuilder;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.table.data.ArrayData;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.MapData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeFamily;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.util.jackson.JacksonMapperFactory;

/**
 * A product row as the JSON of a product topic: byte for byte what Flink's
 * {@code JsonRowDataSerializationSchema} writes with ISO-8601 timestamps, map null keys failing,
 * decimals as plain numbers and null fields kept (Flink 1.20's {@code RowDataToJsonConverters}).
 * Flink builds a Jackson tree of every row and then serializes it (28% of the topic sink thread in
 * the CDC profile of issue 16); this writes the same tokens straight to a generator of the same
 * configured Jackson, with one writer per column chosen once from the type. Only the type's fields
 * are written: a row may carry more after them (the origin and rule columns). A type that this does
 * not reproduce fails at construction. {@code RowJsonSerializerTest} compares the two over generated
 * rows of every type. Not thread-safe: one per task, as every serialization schema.
 */
public final class RowJsonSerializer implements SerializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private final RowType type;
  private final RowWriter root;
  private transient ByteArrayBuilder buffer;
  private transient JsonGenerator out;

  public RowJsonSerializer(RowType type) {
    this.type = type;
    this.root = new RowWriter(type);
  }

  @Override
  public void open(InitializationContext context) {
    start();
  }

  @Override
  public byte[] serialize(RowData row) {
    if (out == null) {
      start();
    }
    try {
      root.write(out, row);
      out.flush();
      return buffer.toByteArray();
    } catch (RuntimeException | IOException e) {
      // the generator is left inside the failed row's object: start the next row on a new one
      out = null;
      throw new RuntimeException(String.format("Could not serialize row '%s'.", row), e);
    } finally {
      if (buffer != null) {
        buffer.reset();
      }
    }
  }

  /** One generator for all rows, configured as Flink configures its mapper (decimals as plain numbers). */
  private void start() {
    ObjectMapper mapper = JacksonMapperFactory.createObjectMapper()
        .configure(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN, true);
    buffer = new ByteArrayBuilder(512);
    try {
      out = mapper.createGenerator(buffer, JsonEncoding.UTF8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // each row is a root value of its own, not the next one of a stream separated by spaces
    out.setRootValueSeparator(null);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RowJsonSerializer other && type.equals(other.type);
  }

  @Override
  public int hashCode() {
    return type.hashCode();
  }

  /** Writes a non-null value of one type from a row's field or an array's element. */
  private interface ValueWriter extends Serializable {
    void write(JsonGenerator out, RowData row, int pos) throws IOException;

    void write(JsonGenerator out, ArrayData array, int pos) throws IOException;
  }

  /**
   * A value that may be null. As Flink's field and element getters do, only a nullable type is
   * checked with {@code isNullAt}: a NOT NULL one is read as it is (an object type then may read null).
   */
  private record Nullable(ValueWriter value, boolean nullable) implements Serializable {
    void write(JsonGenerator out, RowData row, int pos) throws IOException {
      if (nullable && row.isNullAt(pos)) {
        out.writeNull();
      } else {
        value.write(out, row, pos);
      }
    }

    void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
      if (nullable && array.isNullAt(pos)) {
        out.writeNull();
      } else {
        value.write(out, array, pos);
      }
    }
  }

  private static Nullable writer(LogicalType type) {
    return new Nullable(valueWriter(type), type.isNullable());
  }

  /** Mirrors {@code RowDataToJsonConverters.createNotNullConverter}, type root for type root. */
  private static ValueWriter valueWriter(LogicalType type) {
    return switch (type.getTypeRoot()) {
      case BOOLEAN -> Scalar.BOOLEAN;
      case TINYINT -> Scalar.TINYINT;
      case SMALLINT -> Scalar.SMALLINT;
      case INTEGER -> Scalar.INTEGER;
      case BIGINT -> Scalar.BIGINT;
      case FLOAT -> Scalar.FLOAT;
      case DOUBLE -> Scalar.DOUBLE;
      case CHAR, VARCHAR -> Scalar.STRING;
      case BINARY, VARBINARY -> Scalar.BYTES;
      case DATE -> Scalar.DATE;
      case TIME_WITHOUT_TIME_ZONE -> Scalar.TIME;
      case TIMESTAMP_WITHOUT_TIME_ZONE -> new Timestamp(((TimestampType) type).getPrecision(), false);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> new Timestamp(((LocalZonedTimestampType) type).getPrecision(), true);
      case DECIMAL -> new Decimal(((DecimalType) type).getPrecision(), ((DecimalType) type).getScale());
      case ARRAY -> new Array(writer(((ArrayType) type).getElementType()));
      case MAP -> new StringKeyMap((MapType) type);
      case ROW -> new RowWriter((RowType) type);
      default -> throw new UnsupportedOperationException("The JSON of a product topic has no format for the type "
          + type.asSummaryString() + "; use one of the types docs/spec.md lists");
    };
  }

  private enum Scalar implements ValueWriter {
    BOOLEAN {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        out.writeBoolean(row.getBoolean(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        out.writeBoolean(array.getBoolean(pos));
      }
    },
    TINYINT {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        out.writeNumber(row.getByte(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        out.writeNumber(array.getByte(pos));
      }
    },
    SMALLINT {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        out.writeNumber(row.getShort(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        out.writeNumber(array.getShort(pos));
      }
    },
    INTEGER {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        out.writeNumber(row.getInt(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        out.writeNumber(array.getInt(pos));
      }
    },
    BIGINT {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        out.writeNumber(row.getLong(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        out.writeNumber(array.getLong(pos));
      }
    },
    FLOAT {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        out.writeNumber(row.getFloat(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        out.writeNumber(array.getFloat(pos));
      }
    },
    DOUBLE {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        out.writeNumber(row.getDouble(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        out.writeNumber(array.getDouble(pos));
      }
    },
    STRING {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        string(out, row.getString(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        string(out, array.getString(pos));
      }
    },
    BYTES {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        bytes(out, row.getBinary(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        bytes(out, array.getBinary(pos));
      }
    },
    DATE {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        date(out, row.getInt(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        date(out, array.getInt(pos));
      }
    },
    TIME {
      @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
        time(out, row.getInt(pos));
      }

      @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
        time(out, array.getInt(pos));
      }
    }
  }

  /**
   * Flink writes the decoded string. ASCII bytes decode to the same characters, and Jackson escapes
   * them in UTF-8 as in a string, so they are written as they are, without decoding; other text is
   * decoded as Flink decodes it (malformed UTF-8 becomes replacement characters).
   */
  private static void string(JsonGenerator out, StringData value) throws IOException {
    if (value == null) {
      out.writeNull();
      return;
    }
    byte[] utf8 = value.toBytes();
    if (isAscii(utf8)) {
      out.writeUTF8String(utf8, 0, utf8.length);
    } else {
      out.writeString(value.toString());
    }
  }

  private static boolean isAscii(byte[] bytes) {
    for (byte b : bytes) {
      if (b < 0) {
        return false;
      }
    }
    return true;
  }

  /** Base64 in Jackson's default variant, as Flink's binary node writes it. */
  private static void bytes(JsonGenerator out, byte[] value) throws IOException {
    if (value == null) {
      out.writeNull();
    } else {
      out.writeBinary(value);
    }
  }

  /** ISO_LOCAL_DATE of the epoch day. */
  private static void date(JsonGenerator out, int epochDay) throws IOException {
    LocalDate date = LocalDate.ofEpochDay(epochDay);
    if (!DateTimeText.fits(date)) {
      out.writeString(DateTimeFormatter.ISO_LOCAL_DATE.format(date));
      return;
    }
    char[] text = new char[10];
    DateTimeText.date(text, date);
    out.writeString(text, 0, 10);
  }

  /** Flink's SQL time format of the whole second: it drops the milliseconds (LocalTime.ofSecondOfDay). */
  private static void time(JsonGenerator out, int millisOfDay) throws IOException {
    LocalTime time = LocalTime.ofSecondOfDay(millisOfDay / 1000L);
    char[] text = new char[8];
    DateTimeText.twoDigits(text, 0, time.getHour());
    text[2] = ':';
    DateTimeText.twoDigits(text, 3, time.getMinute());
    text[5] = ':';
    DateTimeText.twoDigits(text, 6, time.getSecond());
    out.writeString(text, 0, 8);
  }

  /**
   * TIMESTAMP as ISO_LOCAL_DATE_TIME, TIMESTAMP_LTZ as the UTC date-time with a 'Z' (Flink's ISO-8601
   * formats): both the UTC fields of the epoch milliseconds and nanoseconds.
   */
  private record Timestamp(int precision, boolean utc) implements ValueWriter {
    @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
      write(out, row.getTimestamp(pos, precision));
    }

    @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
      write(out, array.getTimestamp(pos, precision));
    }

    private void write(JsonGenerator out, TimestampData value) throws IOException {
      if (value == null) {
        out.writeNull();
        return;
      }
      char[] text = new char[DateTimeText.MAX_DATE_TIME + 1];
      int length = DateTimeText.dateTime(text, value.getMillisecond(), value.getNanoOfMillisecond());
      if (length < 0) {
        out.writeString(utc
            ? TimeFormats.ISO8601_TIMESTAMP_WITH_LOCAL_TIMEZONE_FORMAT.format(value.toInstant().atOffset(ZoneOffset.UTC))
            : TimeFormats.ISO8601_TIMESTAMP_FORMAT.format(value.toLocalDateTime()));
        return;
      }
      if (utc) {
        text[length++] = 'Z';
      }
      out.writeString(text, 0, length);
    }
  }

  /**
   * A plain number without trailing zeros, "0" for zero: Jackson's node factory strips the zeros of
   * every decimal node, and the mapper writes it plain. Compact decimals (precision up to 18) are
   * written from their unscaled long without a BigDecimal.
   */
  private record Decimal(int precision, int scale) implements ValueWriter {
    @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
      write(out, row.getDecimal(pos, precision, scale));
    }

    @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
      write(out, array.getDecimal(pos, precision, scale));
    }

    private void write(JsonGenerator out, DecimalData value) throws IOException {
      if (value == null) {
        out.writeNull();
      } else if (DecimalData.isCompact(precision)) {
        out.writeNumber(plain(value.toUnscaledLong(), scale));
      } else {
        BigDecimal decimal = value.toBigDecimal();
        out.writeNumber(decimal.signum() == 0 ? BigDecimal.ZERO : decimal.stripTrailingZeros());
      }
    }

    /** BigDecimal.valueOf(unscaled, scale).stripTrailingZeros().toPlainString(), for |unscaled| < 10^18. */
    static String plain(long unscaled, int scale) {
      if (unscaled == 0) {
        return "0";
      }
      while (scale > 0 && unscaled % 10 == 0) {
        unscaled /= 10;
        scale--;
      }
      if (scale == 0) {
        return Long.toString(unscaled);
      }
      String digits = Long.toString(Math.abs(unscaled));
      StringBuilder text = new StringBuilder(digits.length() + scale + 3);
      if (unscaled < 0) {
        text.append('-');
      }
      int integerDigits = digits.length() - scale;
      if (integerDigits > 0) {
        text.append(digits, 0, integerDigits).append('.').append(digits, integerDigits, digits.length());
      } else {
        text.append("0.");
        for (int i = integerDigits; i < 0; i++) {
          text.append('0');
        }
        text.append(digits);
      }
      return text.toString();
    }
  }

  /** An array of its elements, each checked for null as its type says (see Nullable). */
  private record Array(Nullable element) implements ValueWriter {
    @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
      write(out, row.getArray(pos));
    }

    @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
      write(out, array.getArray(pos));
    }

    private void write(JsonGenerator out, ArrayData value) throws IOException {
      if (value == null) {
        out.writeNull();
        return;
      }
      out.writeStartArray();
      for (int i = 0, n = value.size(); i < n; i++) {
        element.write(out, value, i);
      }
      out.writeEndArray();
    }
  }

  /**
   * An object of the map's entries. Flink sets them one by one on an object node: a key that comes
   * twice keeps its first place and takes its last value. A null key fails (map null key mode FAIL).
   */
  private static final class StringKeyMap implements ValueWriter {
    private static final long serialVersionUID = 1L;
    private final Nullable value;

    StringKeyMap(MapType type) {
      if (!type.getKeyType().is(LogicalTypeFamily.CHARACTER_STRING)) {
        throw new UnsupportedOperationException(
            "JSON format doesn't support non-string as key type of map. The type is: " + type.asSummaryString());
      }
      this.value = writer(type.getValueType());
    }

    @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
      write(out, row.getMap(pos));
    }

    @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
      write(out, array.getMap(pos));
    }

    private void write(JsonGenerator out, MapData map) throws IOException {
      if (map == null) {
        out.writeNull();
        return;
      }
      ArrayData keys = map.keyArray();
      ArrayData values = map.valueArray();
      Map<String, Integer> lastIndexOfKey = new LinkedHashMap<>();
      for (int i = 0, n = map.size(); i < n; i++) {
        if (keys.isNullAt(i)) {
          throw new RuntimeException("JSON format doesn't support to serialize map data with null keys. "
              + "You can drop null key entries or encode null in literals by specifying map-null-key.mode option.");
        }
        lastIndexOfKey.put(keys.getString(i).toString(), i);
      }
      out.writeStartObject();
      for (Map.Entry<String, Integer> entry : lastIndexOfKey.entrySet()) {
        out.writeFieldName(entry.getKey());
        value.write(out, values, entry.getValue());
      }
      out.writeEndObject();
    }
  }

  /** An object of the type's fields, in the type's order; fields of the row after them are not written. */
  private static final class RowWriter implements ValueWriter {
    private static final long serialVersionUID = 1L;
    private final List<String> names;
    private final SerializedString[] quotedNames;
    private final Nullable[] fields;

    RowWriter(RowType type) {
      this.names = List.copyOf(type.getFieldNames());
      this.quotedNames = names.stream().map(SerializedString::new).toArray(SerializedString[]::new);
      this.fields = type.getChildren().stream().map(RowJsonSerializer::writer).toArray(Nullable[]::new);
    }

    @Override public void write(JsonGenerator out, RowData row, int pos) throws IOException {
      write(out, row.getRow(pos, fields.length));
    }

    @Override public void write(JsonGenerator out, ArrayData array, int pos) throws IOException {
      write(out, array.getRow(pos, fields.length));
    }

    void write(JsonGenerator out, RowData row) throws IOException {
      if (row == null) {
        out.writeNull();
        return;
      }
      out.writeStartObject();
      for (int i = 0; i < fields.length; i++) {
        out.writeFieldName(quotedNames[i]);
        try {
          fields[i].write(out, row, i);
        } catch (RuntimeException e) {
          throw new RuntimeException(String.format("Fail to serialize at field: %s.", names.get(i)), e);
        }
      }
      out.writeEndObject();
    }
  }
}
