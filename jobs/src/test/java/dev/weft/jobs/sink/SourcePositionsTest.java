package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SourcePositionsTest {

  @Test
  void mergesPerPartitionAndRoundTripsThroughJson() {
    SourcePositions.Tracker tracker = new SourcePositions.Tracker();
    tracker.saw("orders", 0, 5);
    tracker.saw("orders", 0, 3);
    tracker.saw("orders", 1, 9);
    SourcePositions first = tracker.drain();
    assertThat(first.toJson()).isEqualTo("{\"orders\":{\"0\":5,\"1\":9}}");
    assertThat(tracker.drain().isEmpty()).isTrue();
    // a topic seen as a Kafka record's String and as a row's string is one topic
    tracker.saw("orders", 0, 6);
    tracker.saw(org.apache.flink.table.data.StringData.fromString("orders"), 0, 4);
    assertThat(tracker.drain().toJson()).isEqualTo("{\"orders\":{\"0\":6}}");

    SourcePositions merged = first.merge(SourcePositions.fromJson("{\"orders\":{\"0\":7},\"clicks\":{\"0\":1}}"));
    assertThat(merged.toJson()).isEqualTo("{\"clicks\":{\"0\":1},\"orders\":{\"0\":7,\"1\":9}}");
    assertThat(SourcePositions.fromJson(merged.toJson())).isEqualTo(merged);
  }

  @Test
  void namesThePartitionsWhereAnotherPositionIsFurther() {
    SourcePositions restored = SourcePositions.fromJson("{\"orders\":{\"0\":100,\"1\":50}}");
    SourcePositions table = SourcePositions.fromJson("{\"orders\":{\"0\":100,\"1\":80,\"2\":3}}");
    assertThat(restored.behind(table)).isEqualTo(List.of("orders/1@80 (here: 50)", "orders/2@3 (here: none)"));
    assertThat(table.behind(restored)).isEmpty();
  }
}
