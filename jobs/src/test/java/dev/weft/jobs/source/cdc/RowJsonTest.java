package dev.weft.jobs.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Date;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Decimal;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Struct;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Time;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Timestamp;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.json.JsonConverter;
import dev.weft.jobs.RandomValues;
import org.junit.jupiter.api.Test;

/**
 * {@link RowJson} writes byte for byte what Kafka Connect's JsonConverter (schemas off, numeric
 * decimals) writes, over generated rows of every Connect type and the Debezium types that the
 * PostgreSQL and MySQL connectors build on them.
 */
class RowJsonTest {
  private static final int ROWS = 3_000;

  /** A column: its schema and how to draw a value for it. */
  private record Column(String name, Schema schema, Function<Random, Object> values) {}

  @Test
  void writesWhatTheJsonConverterWrites() {
    long seed = Long.getLong("weft.test.seed", System.nanoTime());
    System.out.println("RowJsonTest seed " + seed + " (rerun with -Dweft.test.seed=" + seed + ")");
    Random random = new Random(seed);
    JsonConverter converter = new JsonConverter();
    converter.configure(Map.of("schemas.enable", false, "decimal.format", "NUMERIC"), false);
    RowJson rowJson = new RowJson();

    List<Column> columns = columns();
    SchemaBuilder builder = SchemaBuilder.struct().name("server.public.t.Value").optional();
    columns.forEach(column -> builder.field(column.name(), column.schema()));
    Schema schema = builder.build();
    for (int i = 0; i < ROWS; i++) {
      Struct row = new Struct(schema);
      for (Column column : columns) {
        // optional columns are null one time in five; a null with a default writes the default
        boolean nullable = column.schema().isOptional() || column.schema().defaultValue() != null;
        row.put(column.name(), nullable && random.nextInt(5) == 0 ? null : column.values().apply(random));
      }
      byte[] expected = converter.fromConnectData("topic", schema, row);
      assertThat(new String(rowJson.write(row), StandardCharsets.UTF_8))
          .as("row %d of seed %d", i, seed)
          .isEqualTo(new String(expected, StandardCharsets.UTF_8));
      assertThat(rowJson.write(row)).isEqualTo(expected);
    }
  }

  private static List<Column> columns() {
    List<Column> columns = new ArrayList<>();
    Schema nested = SchemaBuilder.struct().name("nested").optional()
        .field("a", Schema.OPTIONAL_INT32_SCHEMA).field("b", Schema.OPTIONAL_STRING_SCHEMA).build();
    Schema variableScale = SchemaBuilder.struct().name("io.debezium.data.VariableScaleDecimal").optional()
        .field("scale", Schema.INT32_SCHEMA).field("value", Schema.BYTES_SCHEMA).build();
    for (boolean optional : new boolean[] {false, true}) {
      String suffix = optional ? "_opt" : "";
      add(columns, "int8" + suffix, SchemaBuilder.int8(), optional, r -> (byte) r.nextInt());
      add(columns, "int16" + suffix, SchemaBuilder.int16(), optional, r -> (short) r.nextInt());
      add(columns, "int32" + suffix, SchemaBuilder.int32(), optional, RandomValues::anInt);
      add(columns, "int64" + suffix, SchemaBuilder.int64(), optional, RandomValues::aLong);
      add(columns, "float32" + suffix, SchemaBuilder.float32(), optional, RandomValues::aFloat);
      add(columns, "float64" + suffix, SchemaBuilder.float64(), optional, RandomValues::aDouble);
      add(columns, "bool" + suffix, SchemaBuilder.bool(), optional, Random::nextBoolean);
      add(columns, "string" + suffix, SchemaBuilder.string(), optional, RandomValues::aString);
      add(columns, "bytes" + suffix, SchemaBuilder.bytes(), optional, RandomValues::someBytes);
      add(columns, "buffer" + suffix, SchemaBuilder.bytes(), optional, r -> ByteBuffer.wrap(RandomValues.someBytes(r)));
      for (int scale : new int[] {0, 2, 5, 10}) {
        add(columns, "decimal" + scale + suffix, Decimal.builder(scale), optional, r -> aDecimal(r, scale));
      }
      add(columns, "date" + suffix, Date.builder(), optional, r -> new java.util.Date(86_400_000L * (r.nextInt(200_000) - 100_000)));
      add(columns, "time" + suffix, Time.builder(), optional, r -> new java.util.Date(r.nextInt(86_400_000)));
      add(columns, "timestamp" + suffix, Timestamp.builder(), optional, r -> new java.util.Date(RandomValues.aLong(r) / 1000));
      // Debezium's semantic types: named primitives the converter writes as the primitive
      add(columns, "zoned" + suffix, SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp"), optional,
          r -> java.time.Instant.ofEpochSecond(r.nextInt(), r.nextInt(1_000_000_000)).toString());
      add(columns, "micros" + suffix, SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp"), optional, RandomValues::aLong);
      add(columns, "dbzdate" + suffix, SchemaBuilder.int32().name("io.debezium.time.Date"), optional, RandomValues::anInt);
      add(columns, "json" + suffix, SchemaBuilder.string().name("io.debezium.data.Json"), optional, r -> "{\"k\": " + RandomValues.aString(r).length() + "}");
      add(columns, "uuid" + suffix, SchemaBuilder.string().name("io.debezium.data.Uuid"), optional, r -> new java.util.UUID(r.nextLong(), r.nextLong()).toString());
      add(columns, "array_int" + suffix, SchemaBuilder.array(Schema.OPTIONAL_INT32_SCHEMA), optional,
          r -> listOf(r, x -> x.nextInt(4) == 0 ? null : RandomValues.anInt(x)));
      add(columns, "array_string" + suffix, SchemaBuilder.array(Schema.STRING_SCHEMA), optional, r -> listOf(r, RandomValues::aString));
      add(columns, "array_decimal" + suffix, SchemaBuilder.array(Decimal.schema(3)), optional, r -> listOf(r, x -> aDecimal(x, 3)));
      add(columns, "map_string" + suffix, SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.OPTIONAL_FLOAT64_SCHEMA), optional,
          r -> mapOf(r, RandomValues::aString, x -> x.nextInt(4) == 0 ? null : RandomValues.aDouble(x)));
      add(columns, "map_int" + suffix, SchemaBuilder.map(Schema.INT32_SCHEMA, Schema.STRING_SCHEMA), optional,
          r -> mapOf(r, RandomValues::anInt, RandomValues::aString));
      columns.add(new Column("variable" + suffix, variableScale, r -> {
        BigDecimal decimal = aDecimal(r, r.nextInt(8));
        return new Struct(variableScale).put("scale", decimal.scale()).put("value", decimal.unscaledValue().toByteArray());
      }));
      columns.add(new Column("nested" + suffix, nested, r -> new Struct(nested).put("a", r.nextBoolean() ? null : RandomValues.anInt(r)).put("b", RandomValues.aString(r))));
    }
    // columns with defaults, as Debezium declares them for columns with a DEFAULT
    columns.add(new Column("int_default", SchemaBuilder.int32().optional().defaultValue(42).build(), RandomValues::anInt));
    columns.add(new Column("string_default", SchemaBuilder.string().optional().defaultValue("n/a").build(), RandomValues::aString));
    columns.add(new Column("decimal_default", Decimal.builder(2).optional().defaultValue(new BigDecimal("1.50")).build(), r -> aDecimal(r, 2)));
    return columns;
  }

  private static void add(List<Column> columns, String name, SchemaBuilder schema, boolean optional, Function<Random, Object> values) {
    columns.add(new Column(name, optional ? schema.optional().build() : schema.build(), values));
  }

  private static BigDecimal aDecimal(Random r, int scale) {
    BigInteger unscaled = switch (r.nextInt(3)) {
      case 0 -> BigInteger.valueOf(r.nextInt(1000) - 500);
      case 1 -> new BigInteger(r.nextInt(120) + 1, r);
      default -> BigInteger.valueOf(r.nextLong());
    };
    return new BigDecimal(r.nextBoolean() ? unscaled : unscaled.negate(), scale);
  }

  private static List<Object> listOf(Random r, Function<Random, Object> values) {
    List<Object> list = new ArrayList<>();
    for (int i = r.nextInt(5); i > 0; i--) {
      list.add(values.apply(r));
    }
    return list;
  }

  private static Map<Object, Object> mapOf(Random r, Function<Random, Object> keys, Function<Random, Object> values) {
    Map<Object, Object> map = new LinkedHashMap<>();
    for (int i = r.nextInt(5); i > 0; i--) {
      map.put(keys.apply(r), values.apply(r));
    }
    return map;
  }
}
