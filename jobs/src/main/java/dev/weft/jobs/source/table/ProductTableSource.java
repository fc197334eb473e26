package dev.weft.jobs.source.table;

import org.apache.flink.api.connector.source.Source;
import org.apache.flink.table.data.RowData;
import org.apache.iceberg.flink.TableLoader;
import org.apache.iceberg.flink.source.IcebergSource;
import org.apache.iceberg.flink.source.assigner.SimpleSplitAssignerFactory;

/**
 * An upstream product's Iceberg table as a bounded input: its current snapshot, deletes applied,
 * rows in the product's published column order. What a batch product reads of a product.
 */
public final class ProductTableSource {
  private ProductTableSource() {}

  public static Source<RowData, ?, ?> create(TableLoader table) {
    return IcebergSource.forRowData()
        .tableLoader(table)
        .assignerFactory(new SimpleSplitAssignerFactory())
        .streaming(false)
        .build();
  }
}
