package dev.weft.plan;

import dev.weft.spec.ColumnSpec;
import dev.weft.spec.KafkaInput.StartingOffsets;
import dev.weft.spec.WatermarkSpec;
import dev.weft.spec.WireFormat;
import java.util.List;
import java.util.Optional;

/**
 * How one input is read: a Kafka topic of JSON or Avro records, another product, or the changes of a
 * database table (CDC). Callers tell them apart with {@code instanceof}.
 */
public sealed interface InputPlan permits InputPlan.Kafka, InputPlan.Upstream, InputPlan.Cdc {
  String name();

  /** The Kafka topic read; for a CDC input, the origin name its records carry ({@code postgres:schema.table}). */
  String topic();

  List<ColumnSpec> columns();

  /**
   * The key of an upsert product's topic or of a captured table: the input is then read as a
   * changelog (latest row per key, tombstones delete); empty for append inputs.
   */
  List<String> primaryKey();

  /** Where the input is read from when nothing is committed; only a Kafka input may start at the latest offset. */
  default StartingOffsets startingOffsets() {
    return StartingOffsets.EARLIEST;
  }

  /** Only a Kafka input declares one. */
  default Optional<WatermarkSpec> watermark() {
    return Optional.empty();
  }

  /** How its Kafka records are written; a CDC input has none (JSON stands in). */
  default WireFormat format() {
    return WireFormat.JSON;
  }

  /** An input read from a Kafka topic (its own, or an upstream product's). */
  default boolean fromKafka() {
    return !(this instanceof Cdc);
  }

  /**
   * Whether its records hold personal values in clear: a column of a Kafka or CDC input marked
   * {@code pii: true}, or an upstream product's {@code pii: true} column it publishes unmasked.
   */
  default boolean carriesPersonalValues() {
    return columns().stream().anyMatch(c -> c.pii() && (!(this instanceof Upstream) || c.mask().isEmpty()));
  }

  default boolean changelog() {
    return !primaryKey().isEmpty();
  }

  /** Indexes of the key columns among the columns. */
  default int[] primaryKeyIndexes() {
    List<String> names = columns().stream().map(ColumnSpec::name).toList();
    return primaryKey().stream().mapToInt(names::indexOf).toArray();
  }

  /** A topic of JSON records that the spec names. */
  record Kafka(String name, String topic, List<ColumnSpec> columns, StartingOffsets startingOffsets, Optional<WatermarkSpec> watermark,
      WireFormat format) implements InputPlan {
    public Kafka {
      columns = List.copyOf(columns);
    }

    /** A topic of JSON records. */
    public Kafka(String name, String topic, List<ColumnSpec> columns, StartingOffsets startingOffsets, Optional<WatermarkSpec> watermark) {
      this(name, topic, columns, startingOffsets, watermark, WireFormat.JSON);
    }

    @Override
    public List<String> primaryKey() {
      return List.of();
    }
  }

  /**
   * Another product, read from its topic with its published columns.
   *
   * @param product the product, {@code domain.name@major}
   * @param table its Iceberg table ({@code namespace.table}), which batch products read instead
   */
  record Upstream(String name, String topic, List<ColumnSpec> columns, String product, String table, List<String> primaryKey,
      WireFormat format) implements InputPlan {
    public Upstream {
      columns = List.copyOf(columns);
      primaryKey = List.copyOf(primaryKey);
    }

    /** A product that publishes JSON. */
    public Upstream(String name, String topic, List<ColumnSpec> columns, String product, String table, List<String> primaryKey) {
      this(name, topic, columns, product, table, primaryKey, WireFormat.JSON);
    }
  }

  /** The changes of a database table, captured as {@code capture} says. */
  record Cdc(String name, List<ColumnSpec> columns, List<String> primaryKey, CdcPlan capture) implements InputPlan {
    public Cdc {
      columns = List.copyOf(columns);
      primaryKey = List.copyOf(primaryKey);
    }

    @Override
    public String topic() {
      return capture.originName();
    }
  }
}
