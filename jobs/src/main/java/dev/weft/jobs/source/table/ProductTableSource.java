package dev.weft.jobs.source.table;

import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.flink.source.assigner.SimpleSplitAssignerFactory;
import org.apache.iceberg.flink.source.enumerator.IcebergEnumeratorState;
import org.apache.iceberg.flink.source.split.IcebergSourceSplit;

/**
 * An upstream product's Iceberg table as a bounded input: its current snapshot, deletes applied,
 * rows in the product's published column order. What a batch product reads of a product.
 *
 * <p>Iceberg's source loads the table as soon as it is built; this one builds it where the job
 * runs (the enumerator on the job manager, readers on the task managers), so a job graph can be
 * built where the catalog cannot be reached, as {@code weft plan} does.
 */
public final class ProductTableSource implements Source<RowData, IcebergSourceSplit, IcebergEnumeratorState> {
  private static final long serialVersionUID = 1L;

  private final TableLoader table;
  private transient IcebergSource<RowData> iceberg;

  public ProductTableSource(TableLoader table) {
    this.table = table;
  }

  private synchronized IcebergSource<RowData> iceberg() {
    if (iceberg == null) {
      iceberg = IcebergSource.forRowData()
          .tableLoader(table.clone())
          .assignerFactory(new SimpleSplitAssignerFactory())
          .streaming(false)
          .build();
    }
    return iceberg;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<RowData, IcebergSourceSplit> createReader(SourceReaderContext context) throws Exception {
    return iceberg().createReader(context);
  }

  @Override
  public SplitEnumerator<IcebergSourceSplit, IcebergEnumeratorState> createEnumerator(
      SplitEnumeratorContext<IcebergSourceSplit> context) {
    return iceberg().createEnumerator(context);
  }

  @Override
  public SplitEnumerator<IcebergSourceSplit, IcebergEnumeratorState> restoreEnumerator(
      SplitEnumeratorContext<IcebergSourceSplit> context, IcebergEnumeratorState state) {
    return iceberg().restoreEnumerator(context, state);
  }

  @Override
  public SimpleVersionedSerializer<IcebergSourceSplit> getSplitSerializer() {
    return iceberg().getSplitSerializer();
  }

  @Override
  public SimpleVersionedSerializer<IcebergEnumeratorState> getEnumeratorCheckpointSerializer() {
    return iceberg().getEnumeratorCheckpointSerializer();
  }
}
