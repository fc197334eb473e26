package dev.weft.jobs.source;

import dev.weft.jobs.RecordCounters;
import dev.weft.jobs.avro.SchemaRegistryClient;
import dev.weft.jobs.quality.DeadLetter;
import dev.weft.jobs.quality.DeadLetterFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.serialization.DeserializationSchema;
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
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Parses an input's JSON records (or, given its format, Avro records) into rows of its declared columns, followed by the
 * {@link RecordOrigin} column. A record that is not JSON or does not fit the columns goes to the
 * dead-letter output with the parser's reason (without the record's values where the product holds
 * personal data); it never fails the job.
 *
 * <p>A keyed input (the topic of an upsert product) is read as a changelog: each record is the
 * latest row of its key, a tombstone deletes the key. Tombstones on other inputs are skipped.
 */
public class JsonInputParser extends ProcessFunction<SourceRecord, RowData> {
  private static final long serialVersionUID = 1L;

  private final RowType columns;
  private final int[] keyFields;
  private final DeadLetterFactory deadLetters;
  private final OutputTag<DeadLetter> deadLetterTag;
  /** Given for inputs in another format (Avro); null means JSON. */
  private final DeserializationSchema<RowData> valueFormat;
  private final DeserializationSchema<RowData> keyFormat;
  private transient DeserializationSchema<RowData> parser;
  private transient DeserializationSchema<RowData> keyParser;
  private transient Counter unparseable;
  private transient Counter tombstones;
  private transient LongCounter read;
  private transient LongCounter bytesRead;
  private transient LongCounter unparseableRecords;

  /**
   * @param keyFields indexes of the key columns for a keyed (upsert) input, empty otherwise
   */
  public JsonInputParser(RowType columns, int[] keyFields, DeadLetterFactory deadLetters, OutputTag<DeadLetter> deadLetterTag) {
    this(columns, keyFields, null, null, deadLetters, deadLetterTag);
  }

  /**
   * A parser of records in another format than JSON (Avro in the Confluent wire format).
   *
   * @param valueFormat reads a record's value into the columns
   * @param keyFormat reads a keyed input's key into its key columns; null for append inputs
   */
  public JsonInputParser(RowType columns, int[] keyFields, DeserializationSchema<RowData> valueFormat, DeserializationSchema<RowData> keyFormat,
      DeadLetterFactory deadLetters, OutputTag<DeadLetter> deadLetterTag) {
    this.valueFormat = valueFormat;
    this.keyFormat = keyFormat;
    this.columns = columns;
    this.keyFields = keyFields.clone();
    this.deadLetters = deadLetters;
    this.deadLetterTag = deadLetterTag;
  }

  /** The row type this parser emits: the input's columns, then the origin. */
  public static RowType outputType(RowType columns) {
    List<RowType.RowField> fields = new ArrayList<>(columns.getFields());
    fields.add(new RowType.RowField(RecordOrigin.COLUMN, RecordOrigin.TYPE));
    return new RowType(false, fields);
  }

  @Override
  public void open(Configuration parameters) throws Exception {
    var context = RuntimeContextInitializationContextAdapters.deserializationAdapter(getRuntimeContext());
    parser = valueFormat != null ? valueFormat
        : new JsonParserRowDataDeserializationSchema(columns, InternalTypeInfo.of(columns), false, false, TimestampFormat.ISO_8601);
    parser.open(context);
    if (keyFields.length > 0) {
      RowType keyType = keyType(columns, keyFields);
      keyParser = keyFormat != null ? keyFormat
          : new JsonParserRowDataDeserializationSchema(keyType, InternalTypeInfo.of(keyType), false, false, TimestampFormat.ISO_8601);
      keyParser.open(context);
    }
    unparseable = getRuntimeContext().getMetricGroup().counter("weftRecordsUnparseable");
    tombstones = getRuntimeContext().getMetricGroup().counter("weftTombstonesSkipped");
    read = getRuntimeContext().getLongCounter(RecordCounters.RECORDS_READ);
    bytesRead = getRuntimeContext().getLongCounter(RecordCounters.BYTES_READ);
    unparseableRecords = getRuntimeContext().getLongCounter(RecordCounters.RECORDS_UNPARSEABLE);
  }

  /** The key columns of a keyed input, in key order. */
  public static RowType keyType(RowType columns, int[] keyFields) {
    return new RowType(false, java.util.Arrays.stream(keyFields).mapToObj(i -> columns.getFields().get(i)).toList());
  }

  @Override
  public void processElement(SourceRecord record, Context ctx, Collector<RowData> out) {
    read.add(1);
    bytesRead.add((record.key == null ? 0 : record.key.length) + (record.value == null ? 0 : record.value.length));
    RowData row;
    try {
      row = record.value == null ? deletion(record) : parser.deserialize(record.value);
    } catch (SchemaRegistryClient.Unreachable e) {
      throw e; // says nothing about the record: the job restarts until the registry answers
    } catch (IOException | RuntimeException e) {
      unparseable.inc();
      unparseableRecords.add(1);
      ctx.output(deadLetterTag, deadLetters.unparseable(record, ParseFailure.describe(e, deadLetters.keepsInput())));
      return;
    }
    if (row == null) {
      tombstones.inc();
      return;
    }
    if (keyFields.length > 0 && row.getRowKind() == RowKind.INSERT) {
      row.setRowKind(RowKind.UPDATE_AFTER);
    }
    JoinedRowData joined = new JoinedRowData(row, GenericRowData.of(RecordOrigin.of(record)));
    joined.setRowKind(row.getRowKind());
    out.collect(joined);
  }

  /** A tombstone of a keyed input deletes its key; elsewhere it means nothing (null). */
  private RowData deletion(SourceRecord record) throws IOException {
    if (keyParser == null || record.key == null) {
      return null;
    }
    RowData key = keyParser.deserialize(record.key);
    GenericRowData deleted = new GenericRowData(RowKind.DELETE, columns.getFieldCount());
    for (int i = 0; i < keyFields.length; i++) {
      deleted.setField(keyFields[i], RowData.createFieldGetter(columns.getTypeAt(keyFields[i]), i).getFieldOrNull(key));
    }
    return deleted;
  }
}
