package dev.weft.jobs.avro;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.AvroToRowDataConverters;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;

/**
 * Reads Avro records in the Confluent wire format into rows of an input's columns: the writer
 * schema comes from the registry by the id each record names (each id fetched once), and Avro's
 * schema resolution matches its fields to the columns by name (a column the writer lacks must be
 * nullable; fields the input does not declare are skipped).
 */
public class AvroRowDeserializer implements DeserializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private final String registryUrl;
  private final RowType columns;
  private transient SchemaRegistryClient registry;
  private transient Map<Integer, GenericDatumReader<GenericRecord>> readers;
  private transient AvroToRowDataConverters.AvroToRowDataConverter converter;
  private transient BinaryDecoder decoder;

  public AvroRowDeserializer(String registryUrl, RowType columns) {
    this.registryUrl = registryUrl;
    this.columns = columns;
  }

  @Override
  public void open(InitializationContext context) {
    registry = new SchemaRegistryClient(registryUrl);
    readers = new HashMap<>();
    converter = AvroToRowDataConverters.createRowConverter(columns, false);
  }

  @Override
  public RowData deserialize(byte[] message) throws IOException {
    if (readers == null) {
      open(null);
    }
    int id = ConfluentWireFormat.schemaId(message);
    GenericDatumReader<GenericRecord> reader = readers.get(id);
    if (reader == null) {
      reader = reader(id);
      readers.put(id, reader);
    }
    decoder = DecoderFactory.get().binaryDecoder(message, ConfluentWireFormat.HEADER_BYTES,
        message.length - ConfluentWireFormat.HEADER_BYTES, decoder);
    return (RowData) converter.convert(reader.read(null, decoder));
  }

  /** Reads what schema {@code id} wrote as the columns' record: named like the writer's, so Avro resolves one into the other. */
  private GenericDatumReader<GenericRecord> reader(int id) throws IOException {
    String text;
    try {
      text = registry.schema(id);
    } catch (SchemaRegistryClient.Refusal e) {
      throw new IOException("schema id " + id + " is not in the schema registry at " + registryUrl + " (HTTP " + e.status() + ": "
          + e.getMessage() + ")", e);
    }
    Schema writer = new Schema.Parser().parse(text);
    if (writer.getType() != Schema.Type.RECORD) {
      throw new IOException("schema id " + id + " is a " + writer.getType() + ", not a record");
    }
    Schema readerSchema = AvroSchemas.record(columns, writer.getNamespace(), writer.getName(), Optional.empty(), Map.of());
    return new GenericDatumReader<>(writer, readerSchema);
  }

  @Override
  public boolean isEndOfStream(RowData next) {
    return false;
  }

  @Override
  public TypeInformation<RowData> getProducedType() {
    return InternalTypeInfo.of(columns);
  }
}
