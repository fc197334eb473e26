package dev.weft.testing;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.iceberg.AppendFiles;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.data.GenericAppenderFactory;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

/** Writes small files of orders straight into the table of an order-events product (it/order-events.yaml). */
public final class OrderFiles {
  private OrderFiles() {}

  /** The product's table, created if missing, after {@code commits} commits of one small file each ({@link #appendSmallFile}). */
  public static Table tableOfSmallCommits(Catalog catalog, ProductPlan plan, int commits) {
    Table table = IcebergTables.createIfMissing(catalog, plan);
    for (int commit = 0; commit < commits; commit++) {
      appendSmallFile(table, commit);
    }
    return table;
  }

  /**
   * One commit of one Parquet file of 5 orders (ids {@code commit * 5} and up), as a product's
   * checkpoint of little data would write it: commits below 100 place them on 2026-11-01, the others on 2026-11-02.
   */
  public static void appendSmallFile(Table table, int commit) {
    OutputFileFactory files = OutputFileFactory.builderFor(table, 1, commit).format(FileFormat.PARQUET).build();
    GenericAppenderFactory appenders = new GenericAppenderFactory(table.schema(), table.spec());
    List<Record> records = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long id = commit * 5L + i;
      GenericRecord order = GenericRecord.create(table.schema());
      order.setField("order_id", id);
      order.setField("customer_id", id % 17);
      order.setField("order_total", new BigDecimal(id + ".50"));
      order.setField("currency", "EUR");
      order.setField("placed_at", OffsetDateTime.parse(commit < 100 ? "2026-11-01T10:00:00Z" : "2026-11-02T10:00:00Z"));
      records.add(order);
    }
    PartitionKey partition = new PartitionKey(table.spec(), table.schema());
    partition.partition(new InternalRecordWrapper(table.schema().asStruct()).wrap(records.get(0)));
    DataWriter<Record> writer = appenders.newDataWriter(files.newOutputFile(partition), FileFormat.PARQUET, partition);
    try (writer) {
      records.forEach(writer::write);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    DataFile file = writer.toDataFile();
    AppendFiles append = table.newAppend();
    append.appendFile(file);
    append.commit();
  }
}
