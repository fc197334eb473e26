package dev.weft.cli;

import dev.weft.dev.DevStack;
import dev.weft.dev.EmbeddedPostgres;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.WeftOptions;
import dev.weft.execute.LeaseHolder;
import dev.weft.execute.ProductAlreadyRunningException;
import dev.weft.execute.WriterLease;
import dev.weft.execute.WriterLeases;
import dev.weft.plan.ProductPlan;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;

/**
 * The Iceberg catalog of a command that works on products' tables while they do not run: the one
 * {@code --catalog-uri} names, or else the embedded PostgreSQL in the work directory, as the last
 * embedded run left it (started for the command, and stopped after it).
 */
final class TableCatalog {
  /** What a command does with the catalog; returns its exit code. */
  interface Use {
    int on(IcebergCatalogSettings catalog) throws Exception;
  }

  private TableCatalog() {}

  /**
   * The product's own writer lease, for a command that changes its table: a change beside its writer
   * would race its commits. Empty, with the refusal printed to {@code err}, while the product runs.
   *
   * @param refused what was not done, as in "table of P not re-encrypted"
   */
  static Optional<WriterLease> productLease(WriterLeases leases, ProductPlan plan, String refused, PrintWriter err) {
    try {
      return Optional.of(leases.acquire(plan.versionedName(), LeaseHolder.local(new JobID())));
    } catch (ProductAlreadyRunningException e) {
      err.println("table of " + plan.product() + " not " + refused + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  static int use(Configuration options, Use use) throws Exception {
    if (options.getOptional(WeftOptions.CATALOG_URI).isPresent()) {
      return use.on(IcebergCatalogSettings.external(options));
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(DevStack.postgresDirectory(Path.of(options.get(WeftOptions.WORK_DIR)).toAbsolutePath()))) {
      return use.on(IcebergCatalogSettings.of(options, postgres.jdbcUrl(), postgres.user(), ""));
    }
  }
}
