package dev.weft.jobs.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.DecimalType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class ConfluentWireFormatTest {
  private static final RowType ORDER = RowType.of(
      new LogicalType[] {new BigIntType(false), new DecimalType(12, 2), VarCharType.STRING_TYPE, new LocalZonedTimestampType(3)},
      new String[] {"order_id", "total", "currency", "placed_at"});

  @Test
  void aRecordIsTheMagicByteTheSchemaIdBigEndianThenAvroBinary() {
    Schema schema = AvroSchemas.record(ORDER, "weft.orders", "orders", Optional.empty(), Map.of());
    AvroRowSerializer serializer = new AvroRowSerializer(ORDER, schema.toString(), 258);
    byte[] bytes = serializer.serialize(GenericRowData.of(5L, DecimalData.fromBigDecimal(new BigDecimal("1.25"), 12, 2), null,
        TimestampData.fromEpochMillis(1_000)));

    // 00 | 00 00 01 02 (258) | long 5 zig-zag = 0a | union branch 1 = 02, bytes length 1 = 02, 125 = 7d | union branch 0 = 00 (null)
    // | union branch 1 = 02, long 1000 zig-zag = d0 0f
    assertThat(HexFormat.of().formatHex(bytes)).isEqualTo("00" + "00000102" + "0a" + "02027d" + "00" + "02d00f");
    assertThat(ConfluentWireFormat.schemaId(bytes)).isEqualTo(258);
  }

  @Test
  void whatTheSerializerWritesPlainAvroReadsBackAndTheDeserializerTurnsIntoTheSameRow() throws Exception {
    Schema schema = AvroSchemas.record(ORDER, "weft.orders", "orders", Optional.empty(), Map.of());
    GenericRowData row = GenericRowData.of(7L, DecimalData.fromBigDecimal(new BigDecimal("10.00"), 12, 2), StringData.fromString("EUR"),
        TimestampData.fromEpochMillis(1_700_000_000_123L));
    byte[] bytes = new AvroRowSerializer(ORDER, schema.toString(), 1).serialize(row);

    GenericRecord read = new GenericDatumReader<GenericRecord>(schema)
        .read(null, DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(bytes, 5, bytes.length), null));
    assertThat(read.get("order_id")).isEqualTo(7L);
    assertThat(read.get("currency").toString()).isEqualTo("EUR");
    assertThat(read.get("placed_at")).isEqualTo(1_700_000_000_123L);
  }

  @Test
  void bytesWithoutTheHeaderAreRefusedSayingWhy() {
    assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[0])).hasMessage("not Avro in the Confluent wire format: empty record");
    assertThatThrownBy(() -> ConfluentWireFormat.schemaId(new byte[] {0, 0, 1}))
        .hasMessage("not Avro in the Confluent wire format: only 3 bytes");
    assertThatThrownBy(() -> ConfluentWireFormat.schemaId("{\"a\":1}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
        .hasMessage("not Avro in the Confluent wire format: first byte 123, not the magic byte 0");
  }
}
