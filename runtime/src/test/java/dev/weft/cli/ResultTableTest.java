package dev.weft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultTableTest {
  @Test
  void alignsColumnsWithNumbersToTheRightAndCountsRows() {
    ResultTable table = new ResultTable(List.of("currency", "orders", "note"), List.of(false, true, false),
        List.of(List.of("EUR", "16", "NULL"), List.of("USD", "1205", "a longer note")));

    assertThat(table.format()).isEqualTo("""
         currency | orders | note
        ----------+--------+---------------
         EUR      |     16 | NULL
         USD      |   1205 | a longer note
        (2 rows)
        """);
  }

  @Test
  void oneRowAndNoRows() {
    assertThat(new ResultTable(List.of("n"), List.of(true), List.of(List.of("7"))).format()).isEqualTo(" n\n---\n 7\n(1 row)\n");
    assertThat(new ResultTable(List.of("name"), List.of(false), List.of()).format()).isEqualTo(" name\n------\n(0 rows)\n");
  }
}
