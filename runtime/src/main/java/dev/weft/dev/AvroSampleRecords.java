package dev.weft.dev;

import dev.weft.jobs.avro.AvroRowSerializer;
import dev.weft.jobs.avro.AvroSchemas;
import dev.weft.jobs.avro.SchemaRegistryClient;
import dev.weft.plan.InputPlan;
import dev.weft.plan.InputSchemas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.Schema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonParserRowDataDeserializationSchema;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * The sample records of an Avro input, as an upstream application with a schema registry would
 * write them: the input's columns as a record schema registered under {@code <topic>-value}, each
 * sample in the Confluent wire format.
 */
public final class AvroSampleRecords {
  private AvroSampleRecords() {}

  /** {@code samples} (JSON, from {@link SampleRecords}) as Avro values; the broken ones as they are. */
  public static List<byte[]> encode(InputPlan input, List<Map.Entry<String, String>> samples, String registryUrl) throws Exception {
    RowType columns = InputSchemas.columnsOf(input);
    Schema schema = AvroSchemas.record(columns, "weft.samples", AvroSchemas.name(input.topic()), Optional.empty(), Map.of());
    int id = new SchemaRegistryClient(registryUrl).register(input.topic() + "-value", schema.toString());
    var json = new JsonParserRowDataDeserializationSchema(columns, InternalTypeInfo.of(columns), false, false, TimestampFormat.ISO_8601);
    json.open(null); // makes its object mapper; the context is not used
    AvroRowSerializer avro = new AvroRowSerializer(columns, schema.toString(), id);
    return samples.stream().map(sample -> {
      byte[] text = sample.getValue().getBytes(StandardCharsets.UTF_8);
      try {
        return avro.serialize(json.deserialize(text));
      } catch (IOException broken) {
        // the samples' deliberately broken records stay as they are: not Avro, so they show the dead-letter path
        return text;
      }
    }).collect(Collectors.toList());
  }
}
