package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.iceberg.exceptions.ValidationException;
import org.junit.jupiter.api.Test;

class IcebergCommitRetriesTest {
  private static final IcebergCommitRetries RETRIES = new IcebergCommitRetries(
      new CommitSettings(Duration.ofMinutes(15), Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofMillis(20), false, "cp", CommitSettings.NONE_KNOWN));

  @Test
  void aCommitThatFailsIsTriedAgainUntilItIsMade() {
    AtomicInteger tries = new AtomicInteger();
    RETRIES.run("checkpoint 3 of p", () -> {
      if (tries.incrementAndGet() < 3) {
        throw new IllegalStateException("catalog database down");
      }
    }, () -> false);
    assertThat(tries).hasValue(3);
  }

  @Test
  void aCommitThatReachedTheTableBeforeItFailedIsNotMadeAgain() {
    AtomicInteger tries = new AtomicInteger();
    RETRIES.run("checkpoint 3 of p", () -> {
      tries.incrementAndGet();
      throw new IllegalStateException("connection broke after the catalog row changed");
    }, () -> true);
    assertThat(tries).as("the table already holds it").hasValue(1);
  }

  @Test
  void theLastFailureStandsOnceThePausesAddUpToTheBudget() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> RETRIES.run("checkpoint 3 of p", () -> {
      throw new IllegalStateException("down for good, try " + tries.incrementAndGet());
    }, () -> false)).hasMessage("down for good, try 7");
    // pauses 1 + 2 + 4 + 4 + 4 + 4 = 19 ms fit in 20 ms: six retries after the first try
  }

  @Test
  void conflictsAndLostTopicTransactionsAreNotRetried() {
    AtomicInteger tries = new AtomicInteger();
    assertThatThrownBy(() -> RETRIES.run("checkpoint 3 of p", () -> {
      tries.incrementAndGet();
      throw new ValidationException("Found conflicting files");
    }, () -> false)).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> RETRIES.run("checkpoint 3 of p", () -> {
      tries.incrementAndGet();
      throw new TopicTransactionLostException("p", 3, Duration.ofMinutes(15), "cp", null);
    }, () -> false)).isInstanceOf(TopicTransactionLostException.class);
    assertThat(tries).hasValue(2);
  }
}
