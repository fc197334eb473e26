package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.testing.WeftCommandLine;
import org.junit.jupiter.api.Test;

/** Wrong values of the recovery and state flags of weft run are refused before anything starts. */
class RecoveryFlagsTest {
  private final WeftCommandLine cli = new WeftCommandLine();

  @Test
  void anUnknownStateBackendIsRefused() {
    assertThat(cli.run("run", "../product-specs/orders/order-events.yaml", "--state-backend", "disk")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--state-backend': expected one of [ROCKSDB, HEAP] (case-sensitive) but was 'disk'\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aTransactionTimeoutThatIsNotADurationIsRefused() {
    assertThat(cli.run("run", "../product-specs/orders/order-events.yaml", "--transaction-timeout", "soon")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--transaction-timeout': 'soon' is not a duration like 500ms, 2s, 5m, 1h or 7d\n");
    assertThat(cli.out()).isEmpty();
  }

  @Test
  void aRestartBudgetThatIsNotADurationIsRefused() {
    assertThat(cli.run("run", "../product-specs/orders/order-events.yaml", "--restart-budget", "-5m")).isEqualTo(2);
    assertThat(cli.err()).startsWith("Invalid value for option '--restart-budget': '-5m' is not a duration like 500ms, 2s, 5m, 1h or 7d\n");
    assertThat(cli.out()).isEmpty();
  }
}
