package dev.weft.jobs.redrive;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.weft.jobs.source.RecordOrigin;
import java.io.IOException;
import java.time.Clock;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.table.data.RowData;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The re-drive ledger: for each letter a re-drive published, a marker on the dead-letter topic, written
 * in the re-drive's own Kafka transactions of the checkpoint that published the letter's record. Its key
 * is the letter's ({@code <input topic>/<partition>@<offset>}), its value names the re-drive run:
 * <pre>{"redrivenBy": "…run id…", "letter": "shop.orders/0@41", "version": "1.1.0", "redrivenAt": "…"}</pre>
 * and it carries the header {@value #HEADER}. A later re-drive reads the markers first and skips their
 * letters; readers of dead letters skip the markers.
 */
public class RedriveMarkers implements KafkaRecordSerializationSchema<RowData> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The header every marker carries; its value is the run id. */
  public static final String HEADER = "weft-redriven";
  /** The field of a marker's value that names the run (and that no letter has). */
  public static final String RUN_FIELD = "redrivenBy";

  private final String deadLetterTopic;
  private final int originField;
  private final String runId;
  private final String version;
  private final Clock clock;

  /** @param originField the index of the {@link RecordOrigin} column in the published rows */
  public RedriveMarkers(String deadLetterTopic, int originField, String runId, String version, Clock clock) {
    this.deadLetterTopic = deadLetterTopic;
    this.originField = originField;
    this.runId = runId;
    this.version = version;
    this.clock = clock;
  }

  /** Whether a dead-letter topic's record value is a marker rather than a letter. */
  public static boolean isMarker(byte[] value) {
    // a letter's value starts with {"product": …; checking the field by name keeps this independent of the order
    if (value == null) {
      return false;
    }
    String text = new String(value, 0, Math.min(value.length, 32), UTF_8);
    return text.startsWith("{\"" + RUN_FIELD + "\"");
  }

  @Override
  public ProducerRecord<byte[], byte[]> serialize(RowData row, KafkaSinkContext context, Long timestamp) {
    String letter = RecordOrigin.describe(row.getRow(originField, RecordOrigin.TYPE.getFieldCount()));
    ObjectNode doc = JSON.createObjectNode();
    doc.put(RUN_FIELD, runId).put("letter", letter).put("version", version).put("redrivenAt", clock.instant().toString());
    try {
      RecordHeaders headers = new RecordHeaders();
      headers.add(new RecordHeader(HEADER, runId.getBytes(UTF_8)));
      return new ProducerRecord<>(deadLetterTopic, null, null, letter.getBytes(UTF_8), JSON.writeValueAsBytes(doc), headers);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write the re-drive marker of letter " + letter, e);
    }
  }
}
