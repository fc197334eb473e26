package dev.weft.translate;

import dev.weft.translate.SqlOperatorUids.StatefulOperator;
import java.util.List;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Where a stream product keeps its state. A job whose SQL keeps keyed state (a join, an aggregate,
 * the changelog of an upsert input) runs on RocksDB with incremental checkpoints: that state grows
 * with the number of keys, which on the heap ends in an OutOfMemoryError, and a heap checkpoint
 * copies all of it every time where an incremental one copies what changed. A job without keyed
 * state keeps only source positions and pending commits, and stays on the heap, where that costs
 * nothing. A backend chosen in the job's configuration (weft.state.backend) wins.
 */
public final class StateBackends {
  /** Flink's name of the RocksDB backend ({@code state.backend.type}). */
  public static final String ROCKSDB = "rocksdb";

  private StateBackends() {}

  public static void configure(StreamExecutionEnvironment env, List<StatefulOperator> stateful) {
    if (stateful.isEmpty() || env.getConfiguration().getOptional(StateBackendOptions.STATE_BACKEND).isPresent()) {
      return;
    }
    Configuration rocksDb = new Configuration();
    rocksDb.set(StateBackendOptions.STATE_BACKEND, ROCKSDB);
    rocksDb.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    env.configure(rocksDb);
  }
}
