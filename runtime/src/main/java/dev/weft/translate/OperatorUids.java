package dev.weft.translate;

import dev.weft.jobs.sink.OneRowPerKeyChangelog;
import dev.weft.jobs.sink.UpsertMaterializer;
import dev.weft.plan.ProductPlan;
import org.apache.flink.table.types.logical.RowType;

/**
 * The uids of a product job's operators, all made here. A uid names an operator's state in every
 * checkpoint and savepoint, so a restore finds that state only while its uid stays the same to the
 * byte: change none of these strings ({@code OperatorUidsTest} pins them for an example product).
 *
 * @param prefix what every uid of the product starts with: its topic, so two majors never share state
 */
public record OperatorUids(String prefix) {

  public static OperatorUids of(ProductPlan plan) {
    return new OperatorUids(plan.names().topic());
  }

  /** The source of an input. */
  public String input(String input) {
    return prefix + "/input/" + input;
  }

  /** The step that reports how far an input has read. */
  public String readPositions(String input) {
    return input(input) + "/positions";
  }

  /** A batch run's rows of an upstream product's table, without their origin. */
  public String tableRows(String input) {
    return prefix + "/rows/" + input;
  }

  /** The JSON parser of a Kafka input. */
  public String parse(String input) {
    return prefix + "/parse/" + input;
  }

  /**
   * An operator Flink's planner made for the product's SQL.
   *
   * @param kind and {@code hash}: what decides its state (see {@link SqlOperatorUids})
   * @param seenBefore how many operators alike in every respect came before it (a self-join's two inputs)
   */
  public String sqlOperator(String kind, String hash, int seenBefore) {
    return prefix + SqlOperatorUids.SEGMENT + kind + "-" + hash + (seenBefore == 0 ? "" : "-" + seenBefore);
  }

  /** The upsert changelog step for rows of {@code rowType} (see {@link UpsertMaterializer#uid}). */
  public String upsertChangelog(RowType rowType) {
    return UpsertMaterializer.uid(prefix, rowType);
  }

  /** The upsert changelog step of a result with one row per key, which keeps no state (see {@link OneRowPerKeyChangelog}). */
  public String oneRowPerKeyChangelog() {
    return prefix + "/one-row-per-key-changelog";
  }

  public String qualityRules() {
    return prefix + "/quality-rules";
  }

  public String failureInjector() {
    return prefix + "/failure-injector";
  }

  public String topic() {
    return prefix + "/topic";
  }

  public String deadLetters() {
    return prefix + "/dead-letters";
  }

  public String icebergWriter() {
    return prefix + "/iceberg-writer";
  }

  public String icebergCommitter() {
    return prefix + "/iceberg-committer";
  }

  public String committed() {
    return prefix + "/committed";
  }
}
