package dev.weft.avro;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import org.apache.avro.Conversions;
import org.apache.avro.Schema;
import org.apache.avro.data.TimeConversions;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * A stream consumer's view of an Avro topic, written apart from Weft's own code: checks the
 * Confluent wire format's header, looks the writer schema up by id in the registry over HTTP, and
 * reads the record with plain Avro (decimals as BigDecimal, timestamps as Instant).
 */
final class RegistryAvroReader {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String registry;
  private final HttpClient http = HttpClient.newHttpClient();
  private final Map<Integer, Schema> schemas = new HashMap<>();
  private final GenericData data = new GenericData();

  RegistryAvroReader(String registry) {
    this.registry = registry;
    data.addLogicalTypeConversion(new Conversions.DecimalConversion());
    data.addLogicalTypeConversion(new TimeConversions.TimestampMillisConversion());
  }

  GenericRecord read(byte[] bytes) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(bytes);
    if (in.get() != 0) {
      throw new IllegalArgumentException("no magic byte");
    }
    Schema writer = schema(in.getInt());
    var decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
    return new GenericDatumReader<GenericRecord>(writer, writer, data).read(null, decoder);
  }

  int schemaId(byte[] bytes) {
    return ByteBuffer.wrap(bytes, 1, 4).getInt();
  }

  Schema schema(int id) throws IOException, InterruptedException {
    Schema known = schemas.get(id);
    if (known == null) {
      known = new Schema.Parser().parse(JSON.readTree(get("/schemas/ids/" + id)).get("schema").asText());
      schemas.put(id, known);
    }
    return known;
  }

  String get(String path) throws IOException, InterruptedException {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(registry + path)).build(), HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IOException("GET " + path + ": HTTP " + response.statusCode() + " " + response.body());
    }
    return response.body();
  }
}
