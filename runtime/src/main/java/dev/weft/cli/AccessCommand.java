package dev.weft.cli;

import dev.weft.access.KafkaAcl;
import dev.weft.access.ProductAccess;
import dev.weft.access.TrinoRules;
import dev.weft.compile.ProductSet;
import dev.weft.trino.TrinoIcebergCatalog;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code weft access SPEC… --format kafka-acl|trino-rules}: the access control the specs' {@code access.readers} call for. */
@Command(name = "access", description = "Print the Kafka ACLs or the Trino access-control rules that the specs' owners and access.readers call for.")
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

  @Override
  public Integer call() throws Exception {
    PrintWriter out = command.commandLine().getOut();
    ProductSet set = ProductSet.compile(specs);
    List<ProductAccess> products = ProductAccess.of(set);
    if (format == Format.TRINO_RULES) {
      out.println(TrinoRules.of(products, trinoCatalog));
      return 0;
    }
    for (ProductAccess product : products) {
      out.println("# " + product.product() + ": owner " + product.owner()
          + (product.readers().isEmpty() ? ", no readers" : ", readers " + String.join(", ", product.readers())));
      KafkaAcl.of(product).forEach(acl -> out.println(acl.asCommand()));
    }
    return 0;
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
