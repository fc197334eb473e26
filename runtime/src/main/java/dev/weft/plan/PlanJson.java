package dev.weft.plan;

import dev.weft.spec.ColumnSpec;
import dev.weft.spec.KafkaInput.StartingOffsets;
import dev.weft.spec.WatermarkSpec;
import dev.weft.spec.WireFormat;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdDelegatingSerializer;
import com.fasterxml.jackson.databind.util.StdConverter;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * A {@link ProductPlan} as JSON ({@code weft plan --json}): everything the compiler decided, for a
 * job started elsewhere. Column types are written as Flink's serializable type strings
 * ({@code DECIMAL(12, 2) NOT NULL}). Unknown fields are refused on reading: a plan written by
 * another Weft version must not be half understood.
 */
public final class PlanJson {
  private static final ObjectMapper JSON = new ObjectMapper()
      .registerModule(new Jdk8Module())
      .registerModule(new JavaTimeModule())
      .registerModule(new SimpleModule("weft-logical-types")
          .addSerializer(LogicalType.class, new LogicalTypeSerializer())
          .addDeserializer(LogicalType.class, new LogicalTypeDeserializer())
          .addSerializer(InputPlan.class, new StdDelegatingSerializer(new StdConverter<InputPlan, InputJson>() {
            @Override
            public InputJson convert(InputPlan input) {
              return InputJson.of(input);
            }
          }))
          .addDeserializer(InputPlan.class, new StdDelegatingDeserializer<>(new StdConverter<InputJson, InputPlan>() {
            @Override
            public InputPlan convert(InputJson input) {
              return input.plan();
            }
          })))
      .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);

  private PlanJson() {}

  public static String write(ProductPlan plan) {
    try {
      return JSON.writeValueAsString(plan);
    } catch (IOException e) {
      throw new UncheckedIOException("plan of product " + plan.product() + " cannot be written as JSON", e);
    }
  }

  public static ProductPlan read(String json) {
    try {
      return JSON.readValue(json, ProductPlan.class);
    } catch (IOException e) {
      throw new IllegalArgumentException("not a Weft product plan: " + e.getMessage(), e);
    }
  }

  /**
   * An input as plan JSON holds it, whatever its kind: the fields of the other kinds are null. The
   * JSON of every kind has the same fields, as before inputs had kinds of their own.
   */
  record InputJson(String name, String topic, List<ColumnSpec> columns, StartingOffsets startingOffsets, Optional<WatermarkSpec> watermark,
      Optional<String> upstreamProduct, Optional<String> upstreamTable, List<String> primaryKey, Optional<CdcPlan> cdc,
      Optional<WireFormat> format) {

    static InputJson of(InputPlan input) {
      Optional<InputPlan.Upstream> upstream = Optional.of(input).filter(InputPlan.Upstream.class::isInstance).map(InputPlan.Upstream.class::cast);
      Optional<CdcPlan> cdc = Optional.of(input).filter(InputPlan.Cdc.class::isInstance).map(i -> ((InputPlan.Cdc) i).capture());
      return new InputJson(input.name(), input.topic(), input.columns(), input.startingOffsets(), input.watermark(),
          upstream.map(InputPlan.Upstream::product), upstream.map(InputPlan.Upstream::table), input.primaryKey(), cdc,
          Optional.of(input.format()).filter(f -> f != WireFormat.JSON));
    }

    InputPlan plan() {
      if (cdc.isPresent()) {
        return new InputPlan.Cdc(name, columns, primaryKey, cdc.get());
      }
      if (upstreamProduct.isPresent()) {
        return new InputPlan.Upstream(name, topic, columns, upstreamProduct.get(), upstreamTable.orElseThrow(), primaryKey,
            format.orElse(WireFormat.JSON));
      }
      return new InputPlan.Kafka(name, topic, columns, startingOffsets, watermark, format.orElse(WireFormat.JSON));
    }
  }

  private static final class LogicalTypeSerializer extends JsonSerializer<LogicalType> {
    @Override
    public void serialize(LogicalType type, JsonGenerator out, SerializerProvider provider) throws IOException {
      out.writeString(type.asSerializableString());
    }
  }

  private static final class LogicalTypeDeserializer extends JsonDeserializer<LogicalType> {
    @Override
    public LogicalType deserialize(JsonParser in, DeserializationContext context) throws IOException {
      return LogicalTypeParser.parse(in.getValueAsString(), PlanJson.class.getClassLoader());
    }
  }
}
