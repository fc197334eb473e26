package dev.weft.jobs.quality;

import dev.weft.jobs.RecordCounters;
import dev.weft.jobs.source.RecordOrigin;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.serialization.RuntimeContextInitializationContextAdapters;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.utils.ProjectedRowData;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the transform's output into valid and invalid records. Each input row holds the
 * published columns, the {@link RecordOrigin} column, then one BOOLEAN per rule that the compiled
 * SQL computed as {@code (check) IS TRUE}. Valid rows go on without the rule columns; the others
 * are dead-lettered, dropped or fail the job, as the product says. Deletes are not checked: they
 * carry only a key.
 */
public class RuleSplitter extends ProcessFunction<RowData, RowData> {
  private static final long serialVersionUID = 1L;

  private final int publishedColumns;
  private final List<String> ruleNames;
  private final ViolationAction action;
  private final String productName;
  private final SerializationSchema<RowData> recordJson;
  private final DeadLetterFactory deadLetters;
  private final OutputTag<DeadLetter> deadLetterTag;
  private transient int[] keptFields;
  private transient Counter valid;
  private transient Counter rejected;
  private transient LongCounter validRecords;
  private transient LongCounter rejectedRecords;

  public RuleSplitter(
      int publishedColumns,
      List<String> ruleNames,
      ViolationAction action,
      String productName,
      SerializationSchema<RowData> recordJson,
      DeadLetterFactory deadLetters,
      OutputTag<DeadLetter> deadLetterTag) {
    this.publishedColumns = publishedColumns;
    this.ruleNames = List.copyOf(ruleNames);
    this.action = action;
    this.productName = productName;
    this.recordJson = recordJson;
    this.deadLetters = deadLetters;
    this.deadLetterTag = deadLetterTag;
  }

  @Override
  public void open(Configuration parameters) throws Exception {
    recordJson.open(RuntimeContextInitializationContextAdapters.serializationAdapter(getRuntimeContext()));
    keptFields = new int[publishedColumns + 1];
    for (int i = 0; i < keptFields.length; i++) {
      keptFields[i] = i;
    }
    valid = getRuntimeContext().getMetricGroup().counter("weftRecordsValid");
    rejected = getRuntimeContext().getMetricGroup().counter("weftRecordsRejected");
    validRecords = getRuntimeContext().getLongCounter(RecordCounters.RECORDS_VALID);
    rejectedRecords = getRuntimeContext().getLongCounter(RecordCounters.RECORDS_REJECTED);
  }

  @Override
  public void processElement(RowData row, Context ctx, Collector<RowData> out) {
    List<String> broken = row.getRowKind() == RowKind.DELETE || row.getRowKind() == RowKind.UPDATE_BEFORE
        ? List.of()
        : brokenRules(row);
    if (broken.isEmpty()) {
      valid.inc();
      validRecords.add(1);
      ProjectedRowData kept = ProjectedRowData.from(keptFields);
      kept.replaceRow(row);
      kept.setRowKind(row.getRowKind());
      out.collect(kept);
      return;
    }
    rejected.inc();
    rejectedRecords.add(1);
    RowData origin = row.isNullAt(publishedColumns) ? null : row.getRow(publishedColumns, RecordOrigin.TYPE.getFieldCount());
    switch (action) {
      case DEAD_LETTER -> ctx.output(deadLetterTag, deadLetters.brokeRules(broken, recordJson.serialize(row), origin));
      case DROP -> { }
      case FAIL -> throw new QualityViolationException("Record " + RecordOrigin.describe(origin) + " breaks rule(s) "
          + String.join(", ", broken) + " of product " + productName
          + " (quality.onViolation: fail). Fix or remove the record, or choose onViolation: dead-letter.");
    }
  }

  private List<String> brokenRules(RowData row) {
    List<String> broken = null;
    for (int r = 0; r < ruleNames.size(); r++) {
      int field = publishedColumns + 1 + r;
      if (row.isNullAt(field) || !row.getBoolean(field)) {
        if (broken == null) {
          broken = new ArrayList<>(2);
        }
        broken.add(ruleNames.get(r));
      }
    }
    return broken == null ? List.of() : broken;
  }
}
