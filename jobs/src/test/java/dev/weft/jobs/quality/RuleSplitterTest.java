package dev.weft.jobs.quality;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.jobs.sink.RowJsonSerializer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.types.RowKind;
import org.apache.flink.util.OutputTag;
import org.junit.jupiter.api.Test;

/** What the splitter does with each combination of rule results. */
class RuleSplitterTest {
  private static final OutputTag<DeadLetter> DEAD = new OutputTag<>("dead", TypeInformation.of(DeadLetter.class));
  private static final RowType PUBLISHED = RowType.of(new LogicalType[] {new BigIntType()}, new String[] {"order_id"});
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);

  private static RuleSplitter splitter(ViolationAction action) {
    return new RuleSplitter(1, List.of("positive-total", "known-currency"), action, "orders.order-events",
        new RowJsonSerializer(PUBLISHED),
        new DeadLetterFactory("orders.order-events", "1.2.0", CLOCK), DEAD);
  }

  /** order_id, origin, then one result per rule (null = the check was NULL). */
  private static RowData row(long orderId, Boolean first, Boolean second) {
    RowData origin = GenericRowData.of(StringData.fromString("shop.orders"), 2, 41L, StringData.fromString("{\"raw\":1}"));
    return GenericRowData.of(orderId, origin, first, second);
  }

  @Test
  void passesOnlyRecordsWhoseEveryCheckIsTrue() throws Exception {
    OneInputStreamOperatorTestHarness<RowData, RowData> harness = ProcessFunctionTestHarnesses.forProcessFunction(splitter(ViolationAction.DEAD_LETTER));
    harness.processElement(row(1, true, true), 0);
    harness.processElement(row(2, false, true), 0);
    harness.processElement(row(3, true, null), 0);
    harness.processElement(row(4, false, false), 0);

    assertThat(harness.extractOutputValues()).extracting(r -> r.getLong(0)).containsExactly(1L);
    assertThat(harness.extractOutputValues().get(0).getArity()).as("rule columns are dropped, origin kept").isEqualTo(2);
    List<String> letters = harness.getSideOutput(DEAD).stream().map(r -> new String(r.getValue().value, UTF_8)).toList();
    assertThat(letters).containsExactly(
        letter(2, "\"positive-total\"", "broke positive-total"),
        letter(3, "\"known-currency\"", "broke known-currency"),
        letter(4, "\"positive-total\",\"known-currency\"", "broke positive-total, known-currency"));
    assertThat(new String(harness.getSideOutput(DEAD).peek().getValue().key, UTF_8)).isEqualTo("shop.orders/2@41");
  }

  private static String letter(long orderId, String rules, String reason) {
    return "{\"product\":\"orders.order-events\",\"version\":\"1.2.0\",\"rules\":[" + rules + "],\"reason\":\"" + reason
        + "\",\"failedAt\":\"2026-11-22T10:00:00Z\",\"source\":{\"topic\":\"shop.orders\",\"partition\":2,\"offset\":41},"
        + "\"input\":\"{\\\"raw\\\":1}\",\"record\":{\"order_id\":" + orderId + "}}";
  }

  @Test
  void deletesPassUnchecked() throws Exception {
    var harness = ProcessFunctionTestHarnesses.forProcessFunction(splitter(ViolationAction.DEAD_LETTER));
    RowData delete = row(7, null, null);
    delete.setRowKind(RowKind.DELETE);
    harness.processElement(delete, 0);
    assertThat(harness.extractOutputValues()).singleElement().satisfies(r -> assertThat(r.getRowKind()).isEqualTo(RowKind.DELETE));
  }

  @Test
  void dropDiscardsAndFailStopsWithTheRecordAndRule() throws Exception {
    var drop = ProcessFunctionTestHarnesses.forProcessFunction(splitter(ViolationAction.DROP));
    drop.processElement(row(2, false, true), 0);
    assertThat(drop.extractOutputValues()).isEmpty();
    assertThat(drop.getSideOutput(DEAD)).isNull();

    var fail = ProcessFunctionTestHarnesses.forProcessFunction(splitter(ViolationAction.FAIL));
    assertThatThrownBy(() -> fail.processElement(row(2, false, true), 0))
        .isInstanceOf(QualityViolationException.class)
        .hasMessage("Record shop.orders/2@41 breaks rule(s) positive-total of product orders.order-events "
            + "(quality.onViolation: fail). Fix or remove the record, or choose onViolation: dead-letter.");
  }
}
