package dev.weft.jobs.source;

import dev.weft.jobs.quality.DeadLetter;
import dev.weft.jobs.quality.DeadLetterFactory;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.formats.common.TimestampFormat;
import org.apache.flink.formats.json.JsonParserRowDataDeserializationSchema;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.JoinedRowData;
import org.apache.flink.table.runtime.typeutils.InternalTypeInfo;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses an input's JSON records into rows of its declared columns, followed by the
 * {@link RecordOrigin} column. A record that is not JSON or does not fit the columns goes to the
 * dead-letter output with the parser's reason; it never fails the job.
 */
public class JsonInputParser extends ProcessFunction<SourceRecord, RowData> {
  private static final long serialVersionUID = 1L;

  private final RowType columns;
  private final DeadLetterFactory deadLetters;
  private final OutputTag<DeadLetter> deadLetterTag;
  private transient JsonParserRowDataDeserializationSchema parser;
  private transient Counter unparseable;

  public JsonInputParser(RowType columns, DeadLetterFactory deadLetters, OutputTag<DeadLetter> deadLetterTag) {
    this.columns = columns;
    this.deadLetters = deadLetters;
    this.deadLetterTag = deadLetterTag;
  }

  /** The row type this parser emits: the input's columns, then the origin. */
  public static RowType outputType(RowType columns) {
    var fields = new java.util.ArrayList<>(columns.getFields());
    fields.add(new RowType.RowField(RecordOrigin.COLUMN, RecordOrigin.TYPE));
    return new RowType(false, fields);
  }

  @Override
  public void open(Configuration parameters) throws Exception {
    parser = new JsonParserRowDataDeserializationSchema(
        columns, InternalTypeInfo.of(columns), false, false, TimestampFormat.ISO_8601);
    parser.open(RuntimeContextInitializationContextAdapters.deserializationAdapter(getRuntimeContext()));
    unparseable = getRuntimeContext().getMetricGroup().counter("weftRecordsUnparseable");
  }

  @Override
  public void processElement(SourceRecord record, Context ctx, Collector<RowData> out) {
    RowData row;
    try {
      row = record.value == null ? null : parser.deserialize(record.value);
    } catch (IOException | RuntimeException e) {
      unparseable.inc();
      ctx.output(deadLetterTag, deadLetters.unparseable(record, describe(e)));
      return;
    }
    if (row == null) {
      unparseable.inc();
      ctx.output(deadLetterTag, deadLetters.unparseable(record, "record has no value (a tombstone?)"));
      return;
    }
    out.collect(new JoinedRowData(row, GenericRowData.of(RecordOrigin.of(record))));
  }

  /** The distinct messages of a cause chain: the parser wraps the useful one several levels deep. */
  static String describe(Throwable error) {
    Set<String> messages = new LinkedHashSet<>();
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t.getMessage() != null && !t.getMessage().startsWith("Failed to deserialize JSON")) {
        messages.add(t.getMessage().trim());
      }
    }
    return messages.isEmpty() ? error.getClass().getSimpleName() : String.join(": ", messages);
  }
}
