package dev.weft.jobs.avro;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.avro.RowDataToAvroConverters;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * Writes rows as Avro in the Confluent wire format under a schema registered before the job
 * started: the job only writes the id it was given, it never talks to the registry. Fields of the
 * row beyond the type's (the origin column) are not written.
 */
public class AvroRowSerializer implements SerializationSchema<RowData> {
  private static final long serialVersionUID = 1L;

  private final RowType type;
  private final String schema;
  private final int schemaId;
  private transient RowDataToAvroConverters.RowDataToAvroConverter converter;
  private transient GenericDatumWriter<GenericRecord> writer;
  private transient Schema parsed;
  private transient ByteArrayOutputStream bytes;
  private transient BinaryEncoder encoder;

  /** @param schema the registered schema (Avro JSON) of {@code type}, as {@link AvroSchemas#record} derives it */
  public AvroRowSerializer(RowType type, String schema, int schemaId) {
    this.type = type;
    this.schema = schema;
    this.schemaId = schemaId;
  }

  @Override
  public void open(InitializationContext context) {
    parsed = new Schema.Parser().parse(schema);
    converter = RowDataToAvroConverters.createConverter(type, false);
    writer = new GenericDatumWriter<>(parsed);
    bytes = new ByteArrayOutputStream();
  }

  @Override
  public byte[] serialize(RowData row) {
    if (writer == null) {
      open(null);
    }
    bytes.reset();
    ByteBuffer header = ByteBuffer.allocate(ConfluentWireFormat.HEADER_BYTES);
    ConfluentWireFormat.writeHeader(header, schemaId);
    bytes.write(header.array(), 0, ConfluentWireFormat.HEADER_BYTES);
    encoder = EncoderFactory.get().directBinaryEncoder(bytes, encoder);
    try {
      writer.write((GenericRecord) converter.convert(parsed, row), encoder);
      encoder.flush();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write a row as Avro with schema id " + schemaId, e);
    }
    return bytes.toByteArray();
  }
}
