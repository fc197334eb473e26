package dev.weft.cli;

import dev.weft.access.KafkaAcl;
import dev.weft.access.KafkaAclApplier;
import dev.weft.access.ProductAccess;
import dev.weft.access.TrinoRules;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import dev.weft.execute.KafkaClients;
import dev.weft.spec.References;
import dev.weft.trino.TrinoIcebergCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weft access SPEC… --format kafka-acl|trino-rules [--apply]}: the access control the specs'
 * {@code access.readers} call for, printed, or applied to a Kafka cluster.
 */
@Command(name = "access", description = "Print the Kafka ACLs or the Trino access-control rules that the specs' owners and access.readers "
    + "call for, or apply the Kafka ACLs to a cluster (--apply).")
final class AccessCommand implements Callable<Integer> {
  enum Format { KAFKA_ACL, TRINO_RULES }

  @Spec picocli.CommandLine.Model.CommandSpec command;

  @Parameters(arity = "1..*", paramLabel = "SPEC", description = "Spec files or folders.")
  List<Path> specs;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", converter = FormatConverter.class,
      description = "kafka-acl (kafka-acls.sh commands) or trino-rules (Trino's file-based access control JSON).")
  Format format;

  @Option(names = "--trino-catalog", paramLabel = "NAME", description = "Trino catalog of the products' tables. Default: iceberg.")
  String trinoCatalog = TrinoIcebergCatalog.NAME;

  @Option(names = "--apply", description = "Add the Kafka ACLs to the cluster --kafka names through the Admin API instead of printing "
      + "them (the client must be allowed to DESCRIBE and ALTER the cluster); a cluster without an authorizer is reported and left alone.")
  boolean apply;

  @Option(names = "--remove-stale", description = "With --apply: also remove the allow ACLs on the products' topics, dead-letter topics "
      + "and transactional ids that the specs no longer call for (without it they are only reported).")
  boolean removeStale;

  @Mixin KafkaFlags kafka = new KafkaFlags();

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    PrintWriter err = command.commandLine().getErr();
    if ((apply || removeStale) && format != Format.KAFKA_ACL) {
      err.println("--apply and --remove-stale go with --format kafka-acl");
      return 2;
    }
    if (removeStale && !apply) {
      err.println("--remove-stale goes with --apply");
      return 2;
    }
    if (apply && kafka.kafka == null) {
      err.println("--apply needs the cluster: --kafka HOST:PORT");
      return 2;
    }
    ProductSet set = ProductSet.compile(specs);
    List<ProductAccess> products = ProductAccess.of(set);
    if (format == Format.TRINO_RULES) {
      out.println(TrinoRules.of(products, trinoCatalog));
      return 0;
    }
    if (apply) {
      return apply(set, out);
    }
    for (ProductPlan plan : set.plans()) {
      ProductAccess product = ProductAccess.of(set.spec(plan), plan.names());
      out.println(header(product));
      KafkaAcl.of(product, KafkaAcl.inputTopics(plan), jobUser(kafka, product)).forEach(acl -> out.println(acl.asCommand()));
    }
    return 0;
  }

  private int apply(ProductSet set, PrintWriter out) {
    Configuration options = kafka.addTo(new Configuration());
    applyKafkaAcls(set, KafkaClients.properties(options, References.fromEnvironment()), options, removeStale, out);
    return 0;
  }

  /**
   * Applies the products' Kafka ACLs to the cluster the client properties name and prints what was
   * added and what is stale; a cluster without authorizer is reported and left alone.
   *
   * @throws IllegalStateException when the cluster refuses or cannot be reached
   */
  static void applyKafkaAcls(ProductSet set, Properties client, Configuration options, boolean removeStale, PrintWriter out) {
    String cluster = client.getProperty("bootstrap.servers");
    try (Admin admin = Admin.create(client)) {
      KafkaAclApplier applier = new KafkaAclApplier(admin, cluster);
      if (!applier.hasAuthorizer()) {
        out.println("no ACLs applied: the Kafka cluster at " + cluster + " has no authorizer, so it checks no ACLs "
            + "(every client may read and write every topic); set authorizer.class.name on its brokers to enforce them");
        return;
      }
      for (ProductPlan plan : set.plans()) {
        ProductAccess product = ProductAccess.of(set.spec(plan), plan.names());
        out.println(header(product));
        KafkaAclApplier.Outcome outcome = applier.apply(product.product(), KafkaAcl.of(product, KafkaAcl.inputTopics(plan),
            KafkaClients.jobUser(options, product.owner())),
            KafkaAclApplier.ownResources(plan.names()), removeStale);
        outcome.added().forEach(acl -> out.println("added    " + acl));
        outcome.stale().forEach(acl -> out.println((outcome.staleRemoved() ? "removed  " : "stale    ") + acl));
        out.println(product.product() + ": " + outcome.added().size() + " added, " + outcome.present().size() + " already present, "
            + outcome.stale().size() + (outcome.staleRemoved() ? " stale removed"
                : outcome.stale().isEmpty() ? " stale" : " stale kept (weft access --apply --remove-stale removes them)"));
      }
    }
  }

  private static String jobUser(KafkaFlags flags, ProductAccess product) {
    return KafkaClients.jobUser(flags.addTo(new Configuration()), product.owner());
  }

  private static String header(ProductAccess product) {
    return "# " + product.product() + ": owner " + product.owner()
        + (product.readers().isEmpty() ? ", no readers" : ", readers " + String.join(", ", product.readers()));
  }

  static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
    @Override
    public Format convert(String value) {
      return switch (value) {
        case "kafka-acl" -> Format.KAFKA_ACL;
        case "trino-rules" -> Format.TRINO_RULES;
        default -> throw new picocli.CommandLine.TypeConversionException("unknown format '" + value + "': use kafka-acl or trino-rules");
      };
    }
  }
}
