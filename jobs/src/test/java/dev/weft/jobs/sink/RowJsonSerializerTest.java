package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.jobs.RandomValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericArrayData;
import org.apache.flink.table.data.GenericMapData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.data.binary.BinaryArrayData;
import org.apache.flink.table.data.binary.BinaryMapData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.table.runtime.typeutils.ArrayDataSerializer;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.ArrayType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.MapType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.TimestampType;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/**
 * {@link RowJsonSerializer} writes byte for byte what Flink's JsonRowDataSerializationSchema writes,
 * configured as the product topic's JSON format is, over generated rows of every type a product
 * schema allows, as generic rows and as binary rows (the two layouts a sink sees).
 */
class RowJsonSerializerTest {
  private static final int ROWS = 4_000;

  /** Column types; each also NOT NULL, except where a NOT NULL element or field is inside. */
  private static final List<String> TYPES = List.of(
      "BOOLEAN", "TINYINT", "SMALLINT", "INT", "BIGINT", "FLOAT", "DOUBLE",
      "DECIMAL(1, 0)", "DECIMAL(5, 2)", "DECIMAL(12, 2)", "DECIMAL(10, 10)", "DECIMAL(18, 0)", "DECIMAL(18, 4)",
      "DECIMAL(19, 2)", "DECIMAL(38, 0)", "DECIMAL(38, 10)",
      "STRING", "VARCHAR(20)", "CHAR(5)", "BYTES", "VARBINARY(8)", "BINARY(3)",
      "DATE", "TIME(0)", "TIME(3)",
      "TIMESTAMP(0)", "TIMESTAMP(3)", "TIMESTAMP(6)", "TIMESTAMP(9)",
      "TIMESTAMP_LTZ(0)", "TIMESTAMP_LTZ(3)", "TIMESTAMP_LTZ(6)", "TIMESTAMP_LTZ(9)",
      "ARRAY<INT>", "ARRAY<STRING NOT NULL>", "ARRAY<DECIMAL(12, 2)>", "ARRAY<TIMESTAMP_LTZ(3)>",
      "ARRAY<ROW<a INT, b STRING>>", "ARRAY<ARRAY<BIGINT>>",
      "MAP<STRING, DOUBLE>", "MAP<VARCHAR(10), ARRAY<INT>>", "MAP<STRING, ROW<x DECIMAL(5, 2), y DATE>>",
      "ROW<a INT NOT NULL, b STRING, c ROW<d DECIMAL(20, 3), e TIMESTAMP(3)>, f MAP<STRING, STRING>>");

  @Test
  void writesWhatFlinksJsonFormatWrites() throws Exception {
    long seed = Long.getLong("weft.test.seed", System.nanoTime());
    System.out.println("RowJsonSerializerTest seed=" + seed + " (rerun with -Dweft.test.seed=" + seed + ")");
    Random random = new Random(seed);
    RowType type = allTypes();
    JsonRowDataSerializationSchema flink = flinkJson(type);
    // as Flink ships it to the task: serialized with the job graph
    RowJsonSerializer weft = InstantiationUtil.clone(new RowJsonSerializer(type));
    weft.open(null);
    RowDataSerializer binary = new RowDataSerializer(type);
    for (int i = 0; i < ROWS; i++) {
      GenericRowData generic = (GenericRowData) value(random, type.copy(false));
      RowData row = random.nextBoolean() ? generic : binary.toBinaryRow(generic).copy();
      assertSame(flink.serialize(row), weft.serialize(row), "row " + i + " (" + row.getClass().getSimpleName() + ")", seed);
    }
  }

  @Test
  void writesOnlyTheTypesFieldsOfALongerRow() throws Exception {
    RowType type = rowType("ROW<id BIGINT NOT NULL, amount DECIMAL(12, 2), sent_at TIMESTAMP_LTZ(3)>");
    GenericRowData origin = GenericRowData.of(StringData.fromString("orders"), 3, 42L);
    GenericRowData row = GenericRowData.of(7L, DecimalData.fromBigDecimal(new BigDecimal("-10.50"), 12, 2),
        TimestampData.fromEpochMillis(-1L), origin, true);
    byte[] json = serializer(type).serialize(row);
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("{\"id\":7,\"amount\":-10.5,\"sent_at\":\"1969-12-31T23:59:59.999Z\"}");
    assertThat(json).isEqualTo(flinkJson(type).serialize(row));
  }

  @Test
  void writesAProjectedKey() throws Exception {
    RowType keyType = rowType("ROW<country STRING NOT NULL, id BIGINT NOT NULL>");
    GenericRowData row = GenericRowData.of(7L, StringData.fromString("d\u00e9 \"x\""), StringData.fromString("DE"), null);
    RowData key = ProjectedRowData.from(new int[] {2, 0}).replaceRow(row);
    byte[] json = serializer(keyType).serialize(key);
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"country\":\"DE\",\"id\":7}");
    assertThat(json).isEqualTo(flinkJson(keyType).serialize(key));
  }

  @Test
  void aMapKeyThatComesTwiceKeepsItsFirstPlaceAndTakesItsLastValue() throws Exception {
    RowType type = rowType("ROW<m MAP<STRING, INT>>");
    ArrayDataSerializer keys = new ArrayDataSerializer(new VarCharType(VarCharType.MAX_LENGTH));
    ArrayDataSerializer values = new ArrayDataSerializer(rowType("ROW<v INT>").getTypeAt(0));
    BinaryMapData map = BinaryMapData.valueOf(
        keys.toBinaryArray(new GenericArrayData(new Object[] {StringData.fromString("a"), StringData.fromString("b"), StringData.fromString("a")})),
        values.toBinaryArray(new GenericArrayData(new Object[] {1, 2, 3})));
    GenericRowData row = GenericRowData.of(map);
    byte[] json = serializer(type).serialize(row);
    assertThat(new String(json, StandardCharsets.UTF_8)).isEqualTo("{\"m\":{\"a\":3,\"b\":2}}");
    assertThat(json).isEqualTo(flinkJson(type).serialize(row));
  }

  @Test
  void aNullMapKeyFailsAsFlinksDoesAndTheNextRowIsWrittenWhole() throws Exception {
    RowType type = rowType("ROW<id INT, m MAP<STRING, INT>>");
    Map<StringData, Integer> withNullKey = new LinkedHashMap<>();
    withNullKey.put(StringData.fromString("a"), 1);
    withNullKey.put(null, 2);
    GenericRowData bad = GenericRowData.of(1, new GenericMapData(withNullKey));
    RowJsonSerializer weft = serializer(type);
    assertThatThrownBy(() -> flinkJson(type).serialize(bad)).hasRootCauseMessage(
        "JSON format doesn't support to serialize map data with null keys. "
            + "You can drop null key entries or encode null in literals by specifying map-null-key.mode option.");
    assertThatThrownBy(() -> weft.serialize(bad)).hasMessageContaining("Could not serialize row")
        .hasRootCauseMessage("JSON format doesn't support to serialize map data with null keys. "
            + "You can drop null key entries or encode null in literals by specifying map-null-key.mode option.");
    GenericRowData good = GenericRowData.of(2, new GenericMapData(Map.of(StringData.fromString("b"), 3)));
    assertThat(new String(weft.serialize(good), StandardCharsets.UTF_8)).isEqualTo("{\"id\":2,\"m\":{\"b\":3}}");
  }

  @Test
  void aTypeWithoutAFormatFailsAtConstruction() {
    assertThatThrownBy(() -> new RowJsonSerializer(rowType("ROW<m MULTISET<STRING>>")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("MULTISET<STRING>");
    assertThatThrownBy(() -> new RowJsonSerializer(rowType("ROW<m MAP<INT, STRING>>")))
        .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("non-string as key type");
  }

  private static void assertSame(byte[] expected, byte[] actual, String what, long seed) {
    assertThat(new String(actual, StandardCharsets.UTF_8)).as("%s of seed=%d", what, seed)
        .isEqualTo(new String(expected, StandardCharsets.UTF_8));
    assertThat(actual).as("%s of seed=%d", what, seed).isEqualTo(expected);
  }

  /** The product topic's JSON format before RowJsonSerializer (FlinkJobBuilder.json). */
  private static JsonRowDataSerializationSchema flinkJson(RowType type) throws Exception {
    JsonRowDataSerializationSchema schema = new JsonRowDataSerializationSchema(
        type, TimestampFormat.ISO_8601, JsonFormatOptions.MapNullKeyMode.FAIL, "null", true, false);
    schema.open(null);
    return schema;
  }

  private static RowJsonSerializer serializer(RowType type) {
    RowJsonSerializer serializer = new RowJsonSerializer(type);
    serializer.open(null);
    return serializer;
  }

  private static RowType rowType(String type) {
    return (RowType) LogicalTypeParser.parse(type, RowJsonSerializerTest.class.getClassLoader());
  }

  private static RowType allTypes() {
    List<String> columns = new ArrayList<>();
    for (int i = 0; i < TYPES.size(); i++) {
      columns.add("c" + i + " " + TYPES.get(i));
      columns.add("n" + i + " " + TYPES.get(i) + " NOT NULL");
    }
    // names JSON escapes and beyond ASCII
    columns.add("`we\"ird\\ n\u00e4me \u2028` STRING");
    return rowType("ROW<" + String.join(", ", columns) + ">");
  }

  /** A value of the type in Flink's internal data structures; a nullable type's value is null one time in five. */
  private static Object value(Random r, LogicalType type) {
    if (type.isNullable() && r.nextInt(5) == 0) {
      return null;
    }
    return switch (type.getTypeRoot()) {
      case BOOLEAN -> r.nextBoolean();
      case TINYINT -> (byte) r.nextInt();
      case SMALLINT -> (short) r.nextInt();
      case INTEGER -> RandomValues.anInt(r);
      case BIGINT -> RandomValues.aLong(r);
      case FLOAT -> RandomValues.aFloat(r);
      case DOUBLE -> RandomValues.aDouble(r);
      case CHAR, VARCHAR -> StringData.fromString(RandomValues.aString(r));
      case BINARY, VARBINARY -> RandomValues.someBytes(r);
      case DECIMAL -> decimal(r, (DecimalType) type);
      // days of years -2000 to 12000 one time in ten, else of 1900 to 2100
      case DATE -> r.nextInt(10) == 0 ? r.nextInt(5_100_000) - 1_450_000 : r.nextInt(73_000) - 25_567;
      case TIME_WITHOUT_TIME_ZONE -> r.nextInt(4) == 0 ? r.nextInt(86_400) * 1000 : r.nextInt(86_400_000);
      case TIMESTAMP_WITHOUT_TIME_ZONE -> timestamp(r, ((TimestampType) type).getPrecision());
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE -> timestamp(r, ((LocalZonedTimestampType) type).getPrecision());
      case ARRAY -> {
        Object[] elements = new Object[r.nextInt(5)];
        for (int i = 0; i < elements.length; i++) {
          elements[i] = value(r, ((ArrayType) type).getElementType());
        }
        yield new GenericArrayData(elements);
      }
      case MAP -> {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = r.nextInt(5); i > 0; i--) {
          map.put(StringData.fromString(RandomValues.aString(r)), value(r, ((MapType) type).getValueType()));
        }
        yield new GenericMapData(map);
      }
      case ROW -> {
        List<LogicalType> fields = type.getChildren();
        GenericRowData row = new GenericRowData(fields.size());
        for (int i = 0; i < fields.size(); i++) {
          row.setField(i, value(r, fields.get(i)));
        }
        yield row;
      }
      default -> throw new IllegalArgumentException("no values for " + type);
    };
  }

  /** Zero, small values with trailing zeros, and values of every digit count up to the precision, either sign. */
  private static DecimalData decimal(Random r, DecimalType type) {
    BigInteger unscaled = switch (r.nextInt(4)) {
      case 0 -> BigInteger.ZERO;
      case 1 -> BigInteger.valueOf(r.nextInt(100)).multiply(BigInteger.TEN.pow(r.nextInt(type.getPrecision())));
      default -> new BigInteger(type.getPrecision() * 4, r).mod(BigInteger.TEN.pow(r.nextInt(type.getPrecision()) + 1));
    };
    BigDecimal value = new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), type.getScale());
    DecimalData decimal = DecimalData.fromBigDecimal(value, type.getPrecision(), type.getScale());
    return decimal != null ? decimal : DecimalData.zero(type.getPrecision(), type.getScale());
  }

  /**
   * Instants of years 1 to 9999 (one in five around 1970, before it too), with nanoseconds when the
   * precision has them; one in twenty beyond year 9999.
   */
  private static TimestampData timestamp(Random r, int precision) {
    BiFunction<Long, Long, Long> between = (from, to) -> from + (long) (r.nextDouble() * (to - from));
    long millis = switch (r.nextInt(20)) {
      case 0 -> between.apply(253_402_300_800_000L, 300_000_000_000_000L);
      case 1, 2, 3, 4 -> between.apply(-86_400_000L, 86_400_000L);
      default -> between.apply(-62_135_596_800_000L, 253_402_300_799_999L);
    };
    if (r.nextInt(4) == 0) {
      millis -= Math.floorMod(millis, 1000);
    }
    int nanos = precision > 3 && r.nextBoolean() ? r.nextInt(1_000_000) : 0;
    return TimestampData.fromEpochMillis(millis, nanos);
  }
}
