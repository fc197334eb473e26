package dev.weft.jobs.chaos;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;

/**
 * Fails the job once, in its first attempt, at the first record after it has seen
 * {@code afterRecords} records and a checkpoint has completed, so recovery starts from a real
 * checkpoint with open transactions and uncommitted files behind it. For recovery tests and drills
 * ({@code weft run --fail-after-records N}); passes records through unchanged otherwise.
 */
public class FailureInjector<T> extends RichMapFunction<T, T> implements CheckpointListener {
  private static final long serialVersionUID = 1L;

  private final long afterRecords;
  private transient long seen;
  private transient boolean checkpointed;
  private transient boolean armed;

  public FailureInjector(long afterRecords) {
    this.afterRecords = afterRecords;
  }

  @Override
  public void open(OpenContext openContext) {
    armed = getRuntimeContext().getTaskInfo().getAttemptNumber() == 0;
  }

  @Override
  public T map(T value) {
    if (armed && ++seen > afterRecords && checkpointed) {
      armed = false;
      throw new InjectedFailure("injected failure after " + afterRecords + " records (--fail-after-records)");
    }
    return value;
  }

  @Override
  public void notifyCheckpointComplete(long checkpointId) {
    checkpointed = true;
  }

  /** The failure this injects, told apart from real ones in logs and tests. */
  public static class InjectedFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InjectedFailure(String message) {
      super(message);
    }
  }
}
