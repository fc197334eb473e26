package dev.weft.cli;

import dev.weft.execute.IcebergTables;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.EncryptionKeys;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.WeftOptions;
import dev.weft.execute.WriterLease;
import dev.weft.execute.WriterLeases;
import dev.weft.maintain.TableReencryption;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.TableIdentifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft pii reencrypt-table SPEC… [--dry-run]}: rewrites each product's table so that its
 * {@code enc:v1:} values become {@code enc:v2:} ({@link TableReencryption}), holding the product's
 * writer lease meanwhile: refused while the product runs, and the product cannot start until it is done.
 */
@Command(name = "reencrypt-table", description = "Rewrite each product's table so that every enc:v1: value of its encrypt columns "
    + "becomes enc:v2: (the same plain text), in one commit; refused while the product runs. The topic keeps its old values.")
final class PiiReencryptTableCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--dry-run", description = "Count the enc:v1: values and the rows that would change; write nothing.")
  boolean dryRun;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
    Configuration options = flags.toConfiguration();
    return TableCatalog.use(options, catalog -> reencrypt(set.plans(), catalog, options, out));
  }

  private int reencrypt(List<ProductPlan> plans, IcebergCatalogSettings settings, Configuration options, PrintWriter out) {
    Catalog catalog = settings.open();
    PrintWriter err = command.commandLine().getErr();
    int exit = 0;
    try (WriterLeases leases = new WriterLeases(settings, options.get(WeftOptions.LEASE_EXPIRY))) {
      for (ProductPlan plan : plans) {
        TableIdentifier id = IcebergTables.identifier(plan);
        if (!catalog.tableExists(id)) {
          err.println("product " + plan.product() + " has no table yet (" + id + "): nothing to re-encrypt");
          exit = 1;
          continue;
        }
        Optional<WriterLease> held = TableCatalog.productLease(leases, plan, "re-encrypted", err);
        if (held.isEmpty()) {
          exit = 1;
          continue;
        }
        WriterLease lease = held.get();
        try {
          out.println(describe(plan, TableReencryption.run(plan, catalog.loadTable(id), EncryptionKeys.lookup(options), dryRun)));
        } catch (IllegalArgumentException e) {
          err.println(e.getMessage());
          exit = 1;
        } finally {
          leases.release(lease);
        }
      }
    }
    out.flush();
    err.flush();
    return exit;
  }

  private String describe(ProductPlan plan, TableReencryption.Result result) {
    String where = " in column(s) " + String.join(", ", result.columns()) + " of " + result.rows() + " rows";
    if (result.values() == 0) {
      return plan.product() + ": no enc:v1: values" + where + "; table unchanged";
    }
    String stale = result.staleKeyRows() == 0 ? ""
        : "; " + result.staleKeyRows() + " row(s) of an enc:v1: key dropped for the newer row of the same key";
    return result.snapshot()
        .map(snapshot -> plan.product() + ": re-encrypted " + result.values() + " enc:v1: values as enc:v2:" + where + stale
            + " (snapshot " + snapshot + ")")
        .orElse(plan.product() + ": would re-encrypt " + result.values() + " enc:v1: values as enc:v2:" + where + stale
            + "; nothing written (--dry-run)");
  }
}
