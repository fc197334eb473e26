package dev.weft.jobs.sink;

import java.util.List;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.table.data.RowData;
import org.apache.flink.table.types.logical.RowType;

/**
 * The primary key of a product row as text, so that every change of one key goes to the same
 * subtask. A NULL is written apart from any value (the text "null" is a value).
 */
public final class ProductKey implements KeySelector<RowData, String> {
  private static final long serialVersionUID = 1L;
  private final RowData.FieldGetter[] getters;

  /** @param keyFields positions of the key columns in {@code rowType} */
  public ProductKey(RowType rowType, List<Integer> keyFields) {
    getters = keyFields.stream().map(i -> RowData.createFieldGetter(rowType.getTypeAt(i), i)).toArray(RowData.FieldGetter[]::new);
  }

  @Override
  public String getKey(RowData row) {
    StringBuilder key = new StringBuilder();
    for (RowData.FieldGetter getter : getters) {
      Object value = getter.getFieldOrNull(row);
      key.append(value == null ? "\u0001" : "\u0002" + value).append('\u0000');
    }
    return key.toString();
  }
}
