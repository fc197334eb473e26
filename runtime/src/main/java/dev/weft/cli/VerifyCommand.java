package dev.weft.cli;

import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.IcebergCatalogSettings;
import dev.weft.execute.KafkaClients;
import dev.weft.execute.WeftOptions;
import dev.weft.spec.References;
import dev.weft.verify.TopicTableVerifier;
import dev.weft.verify.Verification;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft verify SPEC…}: whether each product's topic and table agree up to the input position the table records. */
@Command(name = "verify", description = "Check that products' topics and tables agree up to the input position each table records "
    + "(upsert products: the latest row per key; others: the rows of each input record). Exit code 3 when they do not.")
final class VerifyCommand implements Callable<Integer> {
  /** Exit code when a topic and its table disagree. */
  static final int DISAGREE = 3;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--max-listed", paramLabel = "N", converter = PositiveIntConverter.class, defaultValue = "20",
      description = "Differences listed per product; the rest are counted. Default: 20.")
  int maxListed;

  @Mixin RuntimeFlags flags = new RuntimeFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
    Configuration options = flags.checkedConfiguration();
    if (options.getOptional(WeftOptions.KAFKA_BOOTSTRAP_SERVERS).isEmpty() || options.getOptional(WeftOptions.CATALOG_URI).isEmpty()) {
      // the embedded broker keeps nothing between runs: there is nothing to check without the services a run used
      throw new FlagException("weft verify needs --kafka and --catalog-uri (and --warehouse, --catalog-user as the run had them): "
          + "the services the products published to");
    }
    Catalog catalog = IcebergCatalogSettings.external(options).open();
    try {
      TopicTableVerifier verifier = new TopicTableVerifier(KafkaClients.properties(options, References.fromEnvironment()), catalog);
      int disagreeing = 0;
      for (ProductPlan plan : set.plans()) {
        if (plan.batch()) {
          out.println(plan.product() + ": a batch product, not checked (its topic is written without transactions, once per run)");
          continue;
        }
        Verification verification = verifier.verify(plan);
        verification.print(out, maxListed);
        if (!verification.agrees()) {
          disagreeing++;
        }
      }
      return disagreeing == 0 ? 0 : DISAGREE;
    } finally {
      if (catalog instanceof AutoCloseable closeable) {
        closeable.close();
      }
    }
  }
}
