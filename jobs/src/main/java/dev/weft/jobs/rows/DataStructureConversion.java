package dev.weft.jobs.rows;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.table.data.conversion.DataStructureConverter;
import org.apache.flink.table.data.conversion.DataStructureConverters;
import org.apache.flink.table.types.DataType;

/** A map between Flink's internal rows and {@link org.apache.flink.types.Row}s of one row type. */
public abstract class DataStructureConversion<I, O> extends RichMapFunction<I, O> {
  private static final long serialVersionUID = 1L;
  private final DataType rowType;
  protected transient DataStructureConverter<Object, Object> converter;

  protected DataStructureConversion(DataType rowType) {
    this.rowType = rowType;
  }

  @Override
  public void open(OpenContext openContext) {
    converter = DataStructureConverters.getConverter(rowType);
    converter.open(getRuntimeContext().getUserCodeClassLoader());
  }
}
