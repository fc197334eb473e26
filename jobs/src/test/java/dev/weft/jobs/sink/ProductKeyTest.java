package dev.weft.jobs.sink;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.flink.table.data.GenericRowData;
import org.apache.flink.table.data.StringData;
import org.apache.flink.table.types.logical.BigIntType;
import org.apache.flink.table.types.logical.RowType;
import org.apache.flink.table.types.logical.VarCharType;
import org.junit.jupiter.api.Test;

class ProductKeyTest {
  private static final RowType ROW = RowType.of(VarCharType.STRING_TYPE, new BigIntType(), VarCharType.STRING_TYPE);
  private final ProductKey key = new ProductKey(ROW, List.of(0, 1));

  @Test
  void aNullIsNotTheTextNull() {
    assertThat(key.getKey(GenericRowData.of(null, 1L, StringData.fromString("a"))))
        .isNotEqualTo(key.getKey(GenericRowData.of(StringData.fromString("null"), 1L, StringData.fromString("a"))));
  }

  @Test
  void onlyTheKeyColumnsCount() {
    assertThat(key.getKey(GenericRowData.of(StringData.fromString("x"), 1L, StringData.fromString("a"))))
        .isEqualTo(key.getKey(GenericRowData.of(StringData.fromString("x"), 1L, StringData.fromString("b"))))
        .isNotEqualTo(key.getKey(GenericRowData.of(StringData.fromString("x"), 2L, StringData.fromString("a"))));
  }
}
