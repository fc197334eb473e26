package dev.weft.spec;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How records sit on a Kafka topic: JSON documents, or Avro in the Confluent wire format (a zero
 * byte, the schema's 4-byte id in a schema registry, then Avro binary).
 */
public enum WireFormat {
  JSON,
  AVRO;

  /** Every format as the spec writes it. */
  public static final List<String> TEXTS = Arrays.stream(values()).map(WireFormat::text).toList();

  /** As the spec writes it: {@code json}, {@code avro}. */
  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Optional<WireFormat> parse(String text) {
    return Arrays.stream(values()).filter(f -> f.text().equals(text)).findFirst();
  }
}
