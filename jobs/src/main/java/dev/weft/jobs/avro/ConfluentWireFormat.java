package dev.weft.jobs.avro;

import java.nio.ByteBuffer;

/**
 * The Confluent wire format every Kafka client with a schema registry reads: a zero "magic" byte,
 * the writer schema's id in the registry as a 4-byte big-endian integer, then the Avro binary
 * encoding of the record.
 */
public final class ConfluentWireFormat {
  public static final byte MAGIC = 0;
  /** Magic byte and schema id. */
  public static final int HEADER_BYTES = 5;

  private ConfluentWireFormat() {}

  /** Writes the header of a record whose writer schema has {@code schemaId}. */
  public static void writeHeader(ByteBuffer out, int schemaId) {
    out.put(MAGIC).putInt(schemaId);
  }

  /** The writer schema id of a record; refused unless it starts with the wire format's header. */
  public static int schemaId(byte[] record) {
    if (record.length < HEADER_BYTES || record[0] != MAGIC) {
      throw new IllegalArgumentException("not Avro in the Confluent wire format: "
          + (record.length == 0 ? "empty record" : record.length < HEADER_BYTES ? "only " + record.length + " bytes"
          : "first byte " + record[0] + ", not the magic byte 0"));
    }
    return ByteBuffer.wrap(record, 1, 4).getInt();
  }
}
