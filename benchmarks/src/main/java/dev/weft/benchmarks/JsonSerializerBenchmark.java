package dev.weft.benchmarks;

import dev.weft.jobs.sink.RowJsonSerializer;
import dev.weft.jobs.source.RecordOrigin;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonFormatOptions;
import org.apache.flink.formats.json.JsonRowDataSerializationSchema;
import org.apache.flink.table.data.DecimalData;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.data.TimestampData;
import org.apache.flink.table.runtime.typeutils.RowDataSerializer;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.utils.LogicalTypeParser;

/**
 * What the product topic's JSON costs per record: Flink's JsonRowDataSerializationSchema (a Jackson
 * tree per record, the format before issue 16) against RowJsonSerializer (the same bytes written
 * straight to a generator), over bench-cdc.yaml's published row (10 columns) with the origin field
 * after them, as binary rows like the SQL runtime hands the sink. Single thread, in one JVM: each
 * round serializes {@code records} rows with both, the first round unmeasured; the best round counts.
 */
public final class JsonSerializerBenchmark {
  /** The published columns of bench-cdc.yaml. */
  private static final RowType PUBLISHED = (RowType) LogicalTypeParser.parse("ROW<id BIGINT NOT NULL, customer STRING, "
      + "email STRING, country STRING, amount DECIMAL(12, 2), fee DECIMAL(12, 2), quantity INT, score DOUBLE, "
      + "active BOOLEAN, sent_at TIMESTAMP_LTZ(3)>", JsonSerializerBenchmark.class.getClassLoader());
  private static final int DISTINCT_ROWS = 100_000;

  private JsonSerializerBenchmark() {}

  public static void main(String[] args) throws Exception {
    int records = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    RowData[] rows = rows(Math.min(records, DISTINCT_ROWS));
    JsonRowDataSerializationSchema flink = new JsonRowDataSerializationSchema(
        PUBLISHED, TimestampFormat.ISO_8601, JsonFormatOptions.MapNullKeyMode.FAIL, "null", true, false);
    flink.open(null);
    RowJsonSerializer weft = new RowJsonSerializer(PUBLISHED);
    weft.open(null);
    for (RowData row : rows) {
      if (!Arrays.equals(flink.serialize(row), weft.serialize(row))) {
        throw new IllegalStateException("the two serializers differ on " + row);
      }
    }
    System.out.printf(Locale.ROOT, "%d records of ~%d bytes per round, %d rounds after an unmeasured one%n",
        records, flink.serialize(rows[0]).length, rounds);
    double bestFlink = 0;
    double bestWeft = 0;
    for (int round = 0; round <= rounds; round++) {
      double flinkRate = recordsPerSecond(flink, rows, records);
      double weftRate = recordsPerSecond(weft, rows, records);
      if (round > 0) {
        bestFlink = Math.max(bestFlink, flinkRate);
        bestWeft = Math.max(bestWeft, weftRate);
      }
      System.out.printf(Locale.ROOT, "round %d%s: JsonRowDataSerializationSchema %,.0f records/s, RowJsonSerializer %,.0f records/s (%.2fx)%n",
          round, round == 0 ? " (warm-up)" : "", flinkRate, weftRate, weftRate / flinkRate);
    }
    System.out.printf(Locale.ROOT, "best: JsonRowDataSerializationSchema %,.0f records/s, RowJsonSerializer %,.0f records/s, ratio %.2f%n",
        bestFlink, bestWeft, bestWeft / bestFlink);
  }

  private static double recordsPerSecond(SerializationSchema<RowData> serializer, RowData[] rows, int records) {
    long bytes = 0;
    long start = System.nanoTime();
    for (int i = 0; i < records; i++) {
      bytes += serializer.serialize(rows[i % rows.length]).length;
    }
    long nanos = System.nanoTime() - start;
    if (bytes == 0) {
      throw new IllegalStateException("nothing written");
    }
    return records * 1e9 / nanos;
  }

  /** Rows like bench-cdc's (CdcBenchmark's table), with the origin field the sink's rows carry after the columns. */
  private static RowData[] rows(int count) {
    LogicalType[] types = PUBLISHED.getChildren().toArray(new LogicalType[0]);
    LogicalType[] withOrigin = Arrays.copyOf(types, types.length + 1);
    withOrigin[types.length] = RecordOrigin.TYPE;
    RowDataSerializer binary = new RowDataSerializer(withOrigin);
    Random random = new Random(42);
    String[] countries = {"DE", "FR", "NL", "US", "JP"};
    RowData[] rows = new RowData[count];
    for (int i = 0; i < count; i++) {
      GenericRowData row = GenericRowData.of(
          (long) i,
          StringData.fromString("customer-" + random.nextInt(10_000)),
          StringData.fromString("buyer" + i + "@example.com"),
          StringData.fromString(countries[i % countries.length]),
          DecimalData.fromBigDecimal(BigDecimal.valueOf(random.nextInt(1_000_000), 2), 12, 2),
          DecimalData.fromBigDecimal(BigDecimal.valueOf(random.nextInt(1_000), 2), 12, 2),
          random.nextInt(100),
          random.nextDouble() * 100,
          random.nextBoolean(),
          TimestampData.fromEpochMillis(1_764_000_000_000L + i * 1_000L + random.nextInt(1000)),
          origin(i));
      rows[i] = binary.toBinaryRow(row).copy();
    }
    return rows;
  }

  private static GenericRowData origin(int i) {
    GenericRowData origin = new GenericRowData(RecordOrigin.TYPE.getFieldCount());
    origin.setField(0, StringData.fromString("bench.public.bench_cdc"));
    origin.setField(1, 0);
    origin.setField(2, (long) i);
    return origin;
  }
}
