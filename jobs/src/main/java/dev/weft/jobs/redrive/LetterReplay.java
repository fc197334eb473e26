package dev.weft.jobs.redrive;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.jobs.source.SourceRecord;
import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns the records of a product's dead-letter topic back into the input records they were made of,
 * with their original coordinates (input topic, partition, offset), so that the product's parser,
 * transform and rules see them as they first did and the published rows keep their original origin.
 * Letters are taken as the re-drive selected them: the rule they broke, when they failed, not yet
 * re-driven (their key has no marker, {@link RedriveMarkers}). A letter without its input (a product
 * with personal data) is read again at its source; one whose source the topic no longer holds stays a
 * letter. Counts go to accumulators ({@link #LETTERS} …), never values.
 */
public class LetterReplay extends ProcessFunction<SourceRecord, SourceRecord> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  public static final String LETTERS = "weft-redrive letters";
  public static final String NOT_SELECTED = "weft-redrive not-selected";
  public static final String ALREADY_REDRIVEN = "weft-redrive already-redriven";
  public static final String WITHOUT_SOURCE = "weft-redrive without-source";
  public static final String SOURCE_GONE = "weft-redrive source-gone";
  public static final String REPLAYED = "weft-redrive replayed";

  private final String rule;
  private final Long sinceMillis;
  private final HashSet<String> redriven;
  private final Properties kafka;
  private final boolean completingOnly;
  private transient InputRereader rereader;
  private transient LongCounter letters;
  private transient LongCounter notSelected;
  private transient LongCounter alreadyRedriven;
  private transient LongCounter withoutSource;
  private transient LongCounter sourceGone;
  private transient LongCounter replayed;

  /**
   * @param rule only letters that broke this rule; null for all
   * @param since only letters that failed at or after it; null for all
   * @param redriven keys of the letters that earlier re-drives published (their markers)
   * @param kafka how to reach the input topics, for letters without their input
   */
  public LetterReplay(String rule, Instant since, Set<String> redriven, Properties kafka) {
    this(rule, since, redriven, kafka, false);
  }

  /**
   * @param completingOnly put no letter through: the job only completes what the checkpoint of a killed
   *     re-drive that it restores holds pending (its commits are made when the restored job starts)
   */
  public LetterReplay(String rule, Instant since, Set<String> redriven, Properties kafka, boolean completingOnly) {
    this.completingOnly = completingOnly;
    this.rule = rule;
    this.sinceMillis = since == null ? null : since.toEpochMilli();
    this.redriven = new HashSet<>(redriven);
    this.kafka = kafka;
  }

  @Override
  public void open(Configuration parameters) {
    letters = getRuntimeContext().getLongCounter(LETTERS);
    notSelected = getRuntimeContext().getLongCounter(NOT_SELECTED);
    alreadyRedriven = getRuntimeContext().getLongCounter(ALREADY_REDRIVEN);
    withoutSource = getRuntimeContext().getLongCounter(WITHOUT_SOURCE);
    sourceGone = getRuntimeContext().getLongCounter(SOURCE_GONE);
    replayed = getRuntimeContext().getLongCounter(REPLAYED);
  }

  @Override
  public void processElement(SourceRecord record, Context ctx, Collector<SourceRecord> out) throws IOException {
    if (completingOnly || record.value == null || RedriveMarkers.isMarker(record.value)) {
      return;
    }
    letters.add(1);
    JsonNode letter = JSON.readTree(record.value);
    if (!selected(letter)) {
      notSelected.add(1);
      return;
    }
    JsonNode source = letter.get("source");
    if (source == null || source.isNull()) {
      withoutSource.add(1);
      return;
    }
    String topic = source.get("topic").asText();
    int partition = source.get("partition").asInt();
    long offset = source.get("offset").asLong();
    if (redriven.contains(topic + "/" + partition + "@" + offset)) {
      alreadyRedriven.add(1);
      return;
    }
    byte[] key = null;
    long timestamp = record.timestamp;
    byte[] input = input(letter);
    if (input == null) {
      var original = rereader().read(topic, partition, offset);
      if (original.isEmpty() || original.get().value() == null) {
        sourceGone.add(1);
        return;
      }
      input = original.get().value();
      key = original.get().key();
      timestamp = original.get().timestamp();
    }
    replayed.add(1);
    out.collect(new SourceRecord(topic, partition, offset, timestamp, key, input));
  }

  private boolean selected(JsonNode letter) {
    if (rule != null) {
      boolean broke = false;
      for (JsonNode name : letter.path("rules")) {
        broke |= rule.equals(name.asText());
      }
      if (!broke) {
        return false;
      }
    }
    return sinceMillis == null || Instant.parse(letter.get("failedAt").asText()).toEpochMilli() >= sinceMillis;
  }

  /** The input as the letter kept it (text, or an Avro input's bytes in base64); null when it left it out. */
  private static byte[] input(JsonNode letter) {
    JsonNode text = letter.get("input");
    if (text != null && !text.isNull()) {
      return text.asText().getBytes(UTF_8);
    }
    JsonNode binary = letter.get("inputBase64");
    return binary == null || binary.isNull() ? null : Base64.getDecoder().decode(binary.asText());
  }

  private InputRereader rereader() {
    if (rereader == null) {
      rereader = new InputRereader(kafka);
    }
    return rereader;
  }

  @Override
  public void close() throws Exception {
    if (rereader != null) {
      rereader.close();
    }
    super.close();
  }
}
