package dev.weft.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class BatchWindowTest {
  private static final BatchWindow NOVEMBER_FIRST =
      new BatchWindow(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-11-02T00:00:00Z"));

  @Test
  void referencesBecomeTimestampValuesOfTheWindow() {
    assertThat(NOVEMBER_FIRST.applyTo("SELECT * FROM o WHERE placed_at >= ${window.start} AND placed_at < ${window.end}"))
        .isEqualTo("SELECT * FROM o WHERE placed_at >= TO_TIMESTAMP_LTZ(1793491200000, 3) AND placed_at < TO_TIMESTAMP_LTZ(1793577600000, 3)");
  }

  @Test
  void plannedSqlGetsItsReferencesBack() {
    String sql = "SELECT * FROM o WHERE placed_at >= ${window.start} AND placed_at < ${window.end}";
    assertThat(BatchWindow.references(BatchWindow.PLANNING.applyTo(sql))).isEqualTo(sql);
  }

  @Test
  void tellsKnownFromUnknownReferences() {
    assertThat(BatchWindow.isReferencedIn("SELECT ${window.start}")).isTrue();
    assertThat(BatchWindow.isReferencedIn("SELECT '${env:X}'")).isFalse();
    assertThat(BatchWindow.unknownReference("SELECT ${window.start}, ${window.begin}")).contains("${window.begin}");
    assertThat(BatchWindow.unknownReference("SELECT ${window.start}, ${window.end}")).isEmpty();
  }

  @Test
  void aWindowEndsAfterItStarts() {
    assertThatThrownBy(() -> new BatchWindow(NOVEMBER_FIRST.end(), NOVEMBER_FIRST.start()))
        .hasMessage("a window ends after it starts: 2026-11-02T00:00:00Z .. 2026-11-01T00:00:00Z");
  }
}
