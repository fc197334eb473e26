package dev.weft.execute;

import dev.weft.jobs.sink.CommitSettings;
import java.nio.file.Path;
import org.apache.flink.configuration.ReadableConfig;

/** The commit settings a product's job carries, from Weft's options. */
public final class CommitOptions {
  private CommitOptions() {}

  /** @param checkpoints where the product's checkpoints are retained, named in the message of a lost transaction */
  public static CommitSettings of(ReadableConfig options, Path checkpoints) {
    return of(options, checkpoints.toString());
  }

  /** @param checkpoints as {@link #of(ReadableConfig, Path)}, a URI of Flink's file systems (a cluster's {@code state.checkpoints.dir}) */
  public static CommitSettings of(ReadableConfig options, String checkpoints) {
    return new CommitSettings(
        options.get(WeftOptions.KAFKA_TRANSACTION_TIMEOUT),
        options.get(WeftOptions.RESTART_INITIAL_BACKOFF),
        options.get(WeftOptions.RESTART_MAX_BACKOFF),
        options.get(WeftOptions.ICEBERG_COMMIT_RETRY_BUDGET),
        options.get(WeftOptions.FAIL_BEFORE_FIRST_COMMIT),
        checkpoints,
        CommitSettings.NONE_KNOWN);
  }
}
