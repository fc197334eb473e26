package dev.weft.jobs.source.cdc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.Schema;
import org.apache.flink.cdc.debezium.table.DeserializationRuntimeConverter;
import org.apache.flink.cdc.debezium.table.DeserializationRuntimeConverterFactory;
import org.apache.flink.cdc.debezium.table.RowDataDebeziumDeserializeSchema;
import org.apache.flink.table.types.logical.IntType;
import org.apache.flink.table.types.logical.LocalZonedTimestampType;
import org.apache.flink.table.types.logical.TimestampType;
import org.junit.jupiter.api.Test;

/** {@link ZonedTimestampConverter} gives what Flink CDC's own converter ({@code Instant.parse}) gives. */
class ZonedTimestampConverterTest {
  private static final Schema ZONED = org.apache.flink.cdc.connectors.shaded.org.apache.kafka.connect.data.SchemaBuilder
      .string().name("io.debezium.time.ZonedTimestamp").build();
  private static final DeserializationRuntimeConverter FLINK_CDC = RowDataDebeziumDeserializeSchema.createNotNullConverter(
      new LocalZonedTimestampType(6), ZoneOffset.UTC, DeserializationRuntimeConverterFactory.DEFAULT);
  private static final DeserializationRuntimeConverter WEFT =
      ZonedTimestampConverter.FACTORY.createUserDefinedConverter(new LocalZonedTimestampType(6), ZoneOffset.UTC).orElseThrow();
  private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

  @Test
  void generatedTimestampsWithOffsetsAndFractionsOfZeroToNineDigits() throws Exception {
    long seed = Long.getLong("weft.test.seed", System.nanoTime());
    System.out.println("ZonedTimestampConverterTest seed " + seed + " (rerun with -Dweft.test.seed=" + seed + ")");
    Random random = new Random(seed);
    long first = LocalDateTime.of(0, 1, 2, 0, 0).toEpochSecond(ZoneOffset.UTC);
    long last = LocalDateTime.of(9999, 12, 30, 0, 0).toEpochSecond(ZoneOffset.UTC);
    for (int i = 0; i < 20_000; i++) {
      long second = random.nextInt(3) == 0 ? random.nextInt(2_000_000_000) : first + (long) (random.nextDouble() * (last - first));
      int digits = random.nextInt(10);
      String fraction = String.format(Locale.ROOT, "%09d", random.nextInt(1_000_000_000)).substring(0, digits);
      ZoneOffset offset = switch (random.nextInt(4)) {
        case 0, 1 -> ZoneOffset.UTC;
        case 2 -> halfHours(random);
        default -> ZoneOffset.ofTotalSeconds(random.nextInt(2 * 18 * 3600 + 1) - 18 * 3600);
      };
      String text = LocalDateTime.ofEpochSecond(second, 0, offset).format(DATE_TIME) + (digits > 0 ? "." + fraction : "") + offset.getId();
      assertThat(WEFT.convert(text, ZONED)).as("%s (seed %d)", text, seed).isEqualTo(FLINK_CDC.convert(text, ZONED));
    }
  }

  @Test
  void whatTheFixedShapeDoesNotCoverIsLeftToInstantParse() throws Exception {
    // the same value, or the same kind of failure
    for (String text : List.of("2026-12-07T20:38:32Z", "2026-12-07T20:38:32.000000000Z", "2024-02-29T23:59:59.999999999-18:00",
        "1969-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00+18:00", "+10000-01-01T00:00:00Z", "2026-12-07t20:38:32z",
        "2026-12-07T20:38:32+00:00", "2026-12-07T20:38:32.5+05:30:15", "2016-12-31T23:59:60Z", "2026-12-07T24:00:00Z",
        "", "2026-12-07", "2026-02-29T00:00:00Z", "2026-12-07T20:38:32", "2026-12-07T20:38:32.Z", "2026-12-07T20:38:32.1234567890Z",
        "2026-12-07T20:38:32+19:00", "2026-13-07T20:38:32Z", "2026-12-07T20:38:32+05:3", "2026-12-07T20:38:32ZZ",
        "2026-12-07 20:38:32Z", "2026-12-07T20:38Z")) {
      assertThat(outcome(() -> WEFT.convert(text, ZONED))).as(text).isEqualTo(outcome(() -> FLINK_CDC.convert(text, ZONED)));
    }
    assertThatThrownBy(() -> WEFT.convert(42L, ZONED)).hasMessage(thrown(() -> FLINK_CDC.convert(42L, ZONED)).getMessage());
  }

  @Test
  void onlyForTimestampsWithTimeZoneAndAUtcServer() {
    assertThat(ZonedTimestampConverter.FACTORY.createUserDefinedConverter(new TimestampType(6), ZoneOffset.UTC)).isEmpty();
    assertThat(ZonedTimestampConverter.FACTORY.createUserDefinedConverter(new IntType(), ZoneOffset.UTC)).isEmpty();
    assertThat(ZonedTimestampConverter.FACTORY.createUserDefinedConverter(new LocalZonedTimestampType(3), ZoneOffset.ofHours(1))).isEmpty();
    assertThat(ZonedTimestampConverter.FACTORY.createUserDefinedConverter(new LocalZonedTimestampType(3), java.time.ZoneId.of("UTC"))).isPresent();
  }

  /** Whole and half hours up to ±18:00, as time zones have them. */
  private static ZoneOffset halfHours(Random random) {
    int hours = random.nextInt(37) - 18;
    int minutes = Math.abs(hours) == 18 || random.nextBoolean() ? 0 : 30;
    return ZoneOffset.ofHoursMinutes(hours, hours < 0 ? -minutes : minutes);
  }

  private interface Call {
    Object run() throws Exception;
  }

  /** The value, or the class of what was thrown. */
  private static Object outcome(Call call) {
    try {
      return call.run();
    } catch (Throwable e) {
      return e.getClass();
    }
  }

  private static Throwable thrown(Call call) {
    try {
      call.run();
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("expected a failure");
  }
}
