package dev.weft.plan;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OriginRewriterTest {

  @Test
  void appendsTheDrivingInputsOriginBeforeTheTopLevelFrom() {
    assertThat(OriginRewriter.rewrite("SELECT a, b FROM orders WHERE a > 0"))
        .contains("SELECT a, b, `orders`.`_weft_origin` FROM orders WHERE a > 0");
    assertThat(OriginRewriter.rewrite("SELECT o.a, c.b\nFROM orders AS o LEFT JOIN customers c ON o.id = c.id"))
        .contains("SELECT o.a, c.b, `o`.`_weft_origin`\nFROM orders AS o LEFT JOIN customers c ON o.id = c.id");
    assertThat(OriginRewriter.rewrite("SELECT x FROM `my input` i")).contains("SELECT x, `i`.`_weft_origin` FROM `my input` i");
    assertThat(OriginRewriter.rewrite("SELECT (SELECT 1 FROM t) AS one, 'FROM' AS s -- FROM\nFROM orders"))
        .contains("SELECT (SELECT 1 FROM t) AS one, 'FROM' AS s -- FROM, `orders`.`_weft_origin`\nFROM orders");
  }

  @Test
  void leavesQueriesWithoutOneInputRecordPerRowAlone() {
    assertThat(OriginRewriter.rewrite("SELECT DISTINCT a FROM orders")).isEmpty();
    assertThat(OriginRewriter.rewrite("SELECT a, COUNT(*) FROM orders GROUP BY a")).isEmpty();
    assertThat(OriginRewriter.rewrite("SELECT a FROM x UNION ALL SELECT a FROM y")).isEmpty();
    assertThat(OriginRewriter.rewrite("SELECT a FROM (SELECT a FROM x)")).isEmpty();
    assertThat(OriginRewriter.rewrite("SELECT * FROM TABLE(TUMBLE(TABLE x, DESCRIPTOR(ts), INTERVAL '1' MINUTE))")).isEmpty();
  }
}
