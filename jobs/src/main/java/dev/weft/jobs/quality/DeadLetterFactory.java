package dev.weft.jobs.quality;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.jobs.source.RecordOrigin;
import dev.weft.jobs.source.SourceRecord;
import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.util.List;
import org.apache.flink.table.data.RowData;

/**
 * Builds dead-letter records for one product: what broke (rule names and a reason), where the record
 * came from (topic, partition, offset) and the record itself, so it can be fixed and re-driven.
 */
public class DeadLetterFactory implements Serializable {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The rule name given to records that could not be parsed at all. */
  public static final String PARSE_RULE = "parse";

  private final String product;
  private final String version;
  private final Clock clock;
  private final boolean withholdInput;
  /** Topics whose records are binary (Avro): their dead letters keep the input's bytes in base64. */
  private final java.util.HashSet<String> binaryTopics;

  public DeadLetterFactory(String product, String version, Clock clock) {
    this(product, version, clock, false);
  }

  /**
   * @param withholdInput leave the raw input record out (it would hold personal data the product
   *     masks); the source coordinates still say where to re-read it from
   */
  public DeadLetterFactory(String product, String version, Clock clock, boolean withholdInput) {
    this(product, version, clock, withholdInput, java.util.Set.of());
  }

  private DeadLetterFactory(String product, String version, Clock clock, boolean withholdInput, java.util.Set<String> binaryTopics) {
    this.product = product;
    this.version = version;
    this.clock = clock;
    this.withholdInput = withholdInput;
    this.binaryTopics = new java.util.HashSet<>(binaryTopics);
  }

  /**
   * These dead letters, where records of {@code topics} are binary (Avro in the Confluent wire format): their
   * input is kept as its original bytes, base64-encoded in {@code inputBase64}, since as text it would be mangled.
   */
  public DeadLetterFactory withBinaryInputs(java.util.Collection<String> topics) {
    java.util.Set<String> all = new java.util.HashSet<>(binaryTopics);
    all.addAll(topics);
    return new DeadLetterFactory(product, version, clock, withholdInput, all);
  }

  /** Whether dead letters carry the raw input record (and reasons may quote it). */
  public boolean keepsInput() {
    return !withholdInput;
  }

  /** A record that is not JSON, or whose fields do not fit the input's declared columns. */
  public DeadLetter unparseable(SourceRecord source, String reason) {
    ObjectNode doc = header(List.of(PARSE_RULE), reason);
    ObjectNode origin = doc.putObject("source");
    origin.put("topic", source.topic).put("partition", source.partition).put("offset", source.offset);
    input(doc, source.topic, source.value == null || withholdInput ? null : source.value);
    doc.putNull("record");
    return new DeadLetter(key(source.topic, source.partition, source.offset), bytes(doc));
  }

  /**
   * A record that broke quality rules.
   *
   * @param recordJson the published form of the record (the transform's output)
   * @param origin the record's {@link RecordOrigin}, or null when the transform loses it
   */
  public DeadLetter brokeRules(List<String> rules, byte[] recordJson, RowData origin) {
    ObjectNode doc = header(rules, "broke " + String.join(", ", rules));
    if (origin == null) {
      doc.putNull("source");
      doc.putNull("input");
    } else {
      ObjectNode source = doc.putObject("source");
      source.put("topic", origin.getString(RecordOrigin.TOPIC).toString())
          .put("partition", origin.getInt(RecordOrigin.PARTITION))
          .put("offset", origin.getLong(RecordOrigin.OFFSET));
      // the raw column holds the record's bytes as they were read, whatever their encoding
      input(doc, origin.getString(RecordOrigin.TOPIC).toString(),
          origin.isNullAt(RecordOrigin.RAW) || withholdInput ? null : origin.getString(RecordOrigin.RAW).toBytes());
    }
    doc.set("record", tree(recordJson));
    byte[] key = origin == null
        ? null
        : key(origin.getString(RecordOrigin.TOPIC).toString(), origin.getInt(RecordOrigin.PARTITION), origin.getLong(RecordOrigin.OFFSET));
    return new DeadLetter(key, bytes(doc));
  }

  /** The input record as text, or for a binary topic as its bytes in base64 ({@code input} then null). */
  private void input(ObjectNode doc, String topic, byte[] value) {
    if (!binaryTopics.contains(topic)) {
      doc.put("input", value == null ? null : new String(value, UTF_8));
      return;
    }
    doc.putNull("input");
    doc.put("inputBase64", value == null ? null : java.util.Base64.getEncoder().encodeToString(value));
  }

  private ObjectNode header(List<String> rules, String reason) {
    ObjectNode doc = JSON.createObjectNode();
    doc.put("product", product).put("version", version);
    rules.forEach(doc.putArray("rules")::add);
    doc.put("reason", reason);
    doc.put("failedAt", clock.instant().toString());
    return doc;
  }

  private static byte[] key(String topic, int partition, long offset) {
    return (topic + "/" + partition + "@" + offset).getBytes(UTF_8);
  }

  private static JsonNode tree(byte[] json) {
    try {
      return JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalStateException("published record is not JSON", e);
    }
  }

  private static byte[] bytes(ObjectNode doc) {
    try {
      return JSON.writeValueAsBytes(doc);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write dead-letter record", e);
    }
  }
}
