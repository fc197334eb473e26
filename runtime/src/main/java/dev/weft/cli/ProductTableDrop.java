package dev.weft.cli;

import dev.weft.dev.FileTrees;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.IcebergTables;
import dev.weft.execute.ProductRunner;
import dev.weft.execute.WeftOptions;
import dev.weft.execute.WriterLease;
import dev.weft.execute.WriterLeases;
import dev.weft.plan.ProductPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;

/**
 * {@code weft drop --table}: takes a product's table out of the Iceberg catalog without reading it
 * (its metadata may be gone) and deletes the checkpoints its runs retained, which would otherwise
 * continue the new table from where the old one was. The next run creates the table anew and reads
 * its inputs from their start positions (a CDC input from a new snapshot).
 */
final class ProductTableDrop {
  private ProductTableDrop() {}

  static int drop(List<ProductPlan> plans, IcebergCatalogSettings settings, Configuration options, PrintWriter out, PrintWriter err)
      throws IOException {
    Catalog catalog = settings.open();
    int exit = 0;
    try (WriterLeases leases = new WriterLeases(settings, options.get(WeftOptions.LEASE_EXPIRY))) {
      for (ProductPlan plan : plans) {
        TableIdentifier id = IcebergTables.identifier(plan);
        Optional<WriterLease> held = TableCatalog.productLease(leases, plan, "dropped", err);
        if (held.isEmpty()) {
          exit = 1;
          continue;
        }
        WriterLease lease = held.get();
        try {
          boolean dropped = catalog.dropTable(id, false);
          long checkpoints = FileTrees.delete(ProductRunner.checkpointDirectory(options.get(WeftOptions.WORK_DIR), plan));
          out.println(plan.product() + ": " + (dropped ? "dropped table " + id + " from the Iceberg catalog (its files stay)"
              : "no table " + id + " in the Iceberg catalog") + " and deleted its retained checkpoints (" + checkpoints + " files); "
              + "its next run rebuilds the table from its sources");
        } finally {
          leases.release(lease);
        }
      }
    }
    out.flush();
    err.flush();
    return exit;
  }
}
