package dev.weft.jobs;

/**
 * Names of the accumulators every product job keeps, summed over its subtasks. They are
 * accumulators rather than only metrics because Flink hands accumulators back both while a job
 * runs (with the task managers' heartbeats) and, exactly, in its final result: what the runtime
 * reports to the catalog for a bounded run is then the true count.
 */
public final class RecordCounters {
  private RecordCounters() {}

  /** Records read from the product's Kafka inputs, tombstones and unparseable ones included. */
  public static final String RECORDS_READ = "weft.records-read";
  /** Bytes (key and value) of the records read from Kafka inputs. */
  public static final String BYTES_READ = "weft.bytes-read";
  /** Kafka input records that were not JSON or did not fit the input's columns. */
  public static final String RECORDS_UNPARSEABLE = "weft.records-unparseable";
  /** Records that passed every quality rule and were published. */
  public static final String RECORDS_VALID = "weft.records-valid";
  /** Records that broke a quality rule (dead-lettered, dropped or failing the job). */
  public static final String RECORDS_REJECTED = "weft.records-rejected";
}
