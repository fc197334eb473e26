package dev.weft.cli;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalogreport.CatalogConnection;
import dev.weft.execute.KafkaClients;
import dev.weft.impact.ImpactAnalysis;
import dev.weft.impact.ImpactReport;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.spec.References;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft impact SPEC}: before a new version of a product runs, what it would touch (downstream
 * products and the columns they read, consumer groups on its topic, Trino readers) and which of
 * them it breaks. Exits {@link #BREAKS} when it breaks any, so that CI can stop the change.
 */
@Command(name = "impact", description = "What a new version of a product would touch, from the catalog and the Kafka cluster: "
    + "downstream products and the columns they read, consumer groups on its topic, Trino readers; and which of them it breaks.")
final class ImpactCommand implements Callable<Integer> {
  /** The exit code when the change breaks a reader. */
  static final int BREAKS = 3;

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(index = "0", paramLabel = "SPEC", description = "The spec of the new version.")
  Path spec;

  @Option(names = "--with", paramLabel = "SPEC", description = "Specs (files or folders) of products this one reads.")
  List<Path> others = new ArrayList<>();

  @Option(names = "--catalog-url", paramLabel = "URL", defaultValue = "http://localhost:8081",
      description = "The catalog service. Default: http://localhost:8081")
  URI catalogUrl;

  @Option(names = "--catalog-token", paramLabel = "TOKEN",
      description = "A catalog token, for a catalog that serves reads only with one. Default: $" + CatalogConnection.TOKEN_VARIABLE + ".")
  String catalogToken;

  @Mixin KafkaFlags kafka = new KafkaFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    List<Path> all = new ArrayList<>(others);
    all.add(spec);
    ProductSet set = ProductSet.compile(all);
    ProductPlan plan = set.plans().stream()
        .filter(p -> Path.of(p.specFile()).toAbsolutePath().normalize().equals(spec.toAbsolutePath().normalize()))
        .findFirst().orElseThrow(() -> new FlagException("SPEC must be one spec file (" + spec + "); give the products it reads with --with"));
    CatalogClient catalog = new CatalogClient(catalogUrl, CatalogConnection.writeToken(Optional.ofNullable(catalogToken)).orElse(""));
    ImpactReport report;
    if (kafka.kafka == null) {
      report = new ImpactAnalysis(catalog, Optional.empty()).of(set.spec(plan), plan);
    } else {
      try (Admin admin = Admin.create(KafkaClients.properties(kafka.addTo(new Configuration()), References.fromEnvironment()))) {
        report = new ImpactAnalysis(catalog, Optional.of(admin)).of(set.spec(plan), plan);
      }
    }
    report.print(out);
    out.flush();
    return report.broken() == 0 ? 0 : BREAKS;
  }
}
