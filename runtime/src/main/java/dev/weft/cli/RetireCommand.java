package dev.weft.cli;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.client.CatalogException;
import dev.weft.catalogreport.CatalogConnection;
import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft retire SPEC… --reason TEXT}: retires the specs' major versions in the catalog. A
 * retired major takes no new versions, sessions running it stop it at their next report to the
 * catalog, and its topic and table stay for whoever still reads them.
 */
@Command(name = "retire", description = "Retire the specs' major versions in the catalog: sessions running them stop them, and no new version of them is taken.")
final class RetireCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders: the major of each is retired.")
  List<Path> specs;

  @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why, for the product's consumers (shown in the catalog).")
  String reason;

  @Option(names = "--force", description = "Retire even while other products in the catalog read that major.")
  boolean force;

  @Option(names = "--catalog-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
      description = "The catalog service. Default: http://localhost:8081")
  URI catalogUrl;

  @Option(names = "--catalog-token", paramLabel = "TOKEN",
      description = "The catalog's write token. Default: $" + CatalogConnection.TOKEN_VARIABLE + ".")
  String catalogToken;

  @Option(names = "--flink", paramLabel = "URL",
      description = "A Flink session cluster the retired majors run on (weft deploy): their jobs there are cancelled too.")
  String flinkUrl;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    Optional<String> token = CatalogConnection.writeToken(Optional.ofNullable(catalogToken));
    if (token.isEmpty()) {
      err.println("weft retire writes to the catalog: give --catalog-token or set " + CatalogConnection.TOKEN_VARIABLE);
      return 2;
    }
    CatalogClient client = new CatalogClient(catalogUrl, token.get());
    ProductSet set = ProductSet.compile(specs);
    int failed = 0;
    for (ProductPlan plan : set.plans()) {
      var metadata = set.spec(plan).metadata();
      try {
        Instant at = client.retire(metadata.domain(), metadata.name(), metadata.version().major(), reason, force);
        out.println(plan.versionedName() + " retired at " + at + "; its topic " + plan.names().topic() + " and table "
            + plan.names().qualifiedTable() + " stay, sessions running it stop it");
        if (plan.inputs().stream().anyMatch(InputPlan.Cdc.class::isInstance)) {
          // the database keeps WAL for a slot until it is dropped
          out.println("  once it has stopped, weft drop " + set.spec(plan).file() + " drops the replication slots of its CDC inputs");
        }
        if (flinkUrl != null) {
          try (var cluster = dev.weft.execute.RemoteFlinkCluster.connect(flinkUrl)) {
            for (var job : dev.weft.execute.ProductJobs.live(cluster, plan)) {
              cluster.cancel(job.id());
              out.println("  " + plan.product() + " " + dev.weft.execute.ProductJobs.version(cluster, job) + " cancelled on " + cluster.describe());
            }
          }
        }
      } catch (CatalogException e) {
        err.println(plan.versionedName() + " is not retired: " + e.getMessage());
        failed++;
      }
    }
    out.flush();
    err.flush();
    return failed == 0 ? 0 : 1;
  }
}
