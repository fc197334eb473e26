package dev.weft.plan;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
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
          .addDeserializer(LogicalType.class, new LogicalTypeDeserializer()))
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
