package dev.weft.jobs.redrive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.weft.jobs.quality.DeadLetter;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Where a re-drive's letters go that the current version still rejects: nowhere. They stay where they
 * are on the dead-letter topic (a second letter of the same record would count it twice); only how many
 * broke each rule is counted, in accumulators named {@link #PREFIX}{@code <rule>}. Emits nothing.
 */
public class StillFailing extends ProcessFunction<DeadLetter, Void> {
  private static final long serialVersionUID = 1L;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Accumulator name prefix; the rule name follows. */
  public static final String PREFIX = "weft-redrive still-failing ";
  /** Letters that broke any rule (one letter may break several). */
  public static final String ALL = "weft-redrive still-failing-letters";

  private transient Map<String, LongCounter> counters;

  @Override
  public void open(Configuration parameters) {
    counters = new HashMap<>();
  }

  @Override
  public void processElement(DeadLetter letter, Context ctx, Collector<Void> out) throws IOException {
    counter(ALL).add(1);
    for (JsonNode rule : JSON.readTree(letter.value).path("rules")) {
      counter(PREFIX + rule.asText()).add(1);
    }
  }

  private LongCounter counter(String name) {
    return counters.computeIfAbsent(name, n -> getRuntimeContext().getLongCounter(n));
  }
}
