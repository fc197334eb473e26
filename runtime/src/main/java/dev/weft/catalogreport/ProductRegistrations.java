package dev.weft.catalogreport;

import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalog.product.ProductRegistration.Access;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.ColumnLineage;
import dev.weft.catalog.product.ProductRegistration.ColumnSource;
import dev.weft.catalog.product.ProductRegistration.Input;
import dev.weft.catalog.product.ProductRegistration.Outputs;
import dev.weft.catalog.product.ProductRegistration.PublishedSchema;
import dev.weft.catalog.product.ProductRegistration.Quality;
import dev.weft.catalog.product.ProductRegistration.Sla;
import dev.weft.plan.InputPlan;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.PublishedColumn;
import dev.weft.plan.SourceColumn;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.Durations;
import dev.weft.spec.ProductSpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the catalog is told about a product: its spec as written (references such as
 * {@code ${secret:…}} unresolved, so no secret leaves the runtime), its metadata, and what the
 * compiler worked out — the names it publishes under, the published types and the column lineage.
 */
public final class ProductRegistrations {
  private ProductRegistrations() {}

  /** @throws UncheckedIOException when the spec file can no longer be read */
  public static ProductRegistration of(ProductSpec spec, ProductPlan plan) {
    String yaml;
    try {
      yaml = Files.readString(Path.of(spec.file()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + spec.file() + " again to register it: " + e.getMessage(), e);
    }
    return of(spec, plan, yaml);
  }

  static ProductRegistration of(ProductSpec spec, ProductPlan plan, String specYaml) {
    var metadata = spec.metadata();
    List<Column> columns = plan.columns().stream()
        .map(c -> new Column(c.name(), declaredType(spec, c), blankToNull(c.description()), c.pii(), c.mask().orElse(null),
            spec.schema().column(c.name()).map(ColumnSpec::nullable).orElse(c.type().isNullable())))
        .toList();
    Sla sla = spec.sla()
        .map(s -> new Sla(s.freshness().map(Durations::format).orElse(null),
            s.availabilityPercent().map(p -> BigDecimal.valueOf(p).stripTrailingZeros().toPlainString() + "%").orElse(null)))
        .orElse(null);
    return new ProductRegistration(
        metadata.domain(),
        metadata.name(),
        plan.version(),
        metadata.owner(),
        metadata.description(),
        metadata.tags(),
        spec.cost().map(c -> c.center()).orElse(null),
        specYaml,
        new PublishedSchema(plan.primaryKey(), columns, spec.schema().compatibility().text()),
        sla,
        new Quality(BigDecimal.valueOf(spec.quality().minValidRatio())),
        new Outputs(plan.names().topic(), plan.names().qualifiedTable(), plan.names().deadLetterTopic()),
        new Access(spec.access().readers()),
        plan.inputs().stream().map(ProductRegistrations::input).toList(),
        lineage(plan));
  }

  /** The type as the spec writes it ({@code DECIMAL(12,2)}), which is what its readers know. */
  private static String declaredType(ProductSpec spec, PublishedColumn column) {
    return spec.schema().columns().stream().filter(c -> c.name().equals(column.name())).map(ColumnSpec::type).findFirst()
        .orElse(column.type().asSummaryString());
  }

  /** A column the spec does not describe has no description, not an empty one. */
  private static String blankToNull(String text) {
    return text == null || text.isBlank() ? null : text;
  }

  private static Input input(InputPlan input) {
    if (input instanceof InputPlan.Upstream upstream) {
      return new Input(input.name(), "product", upstream.product());
    }
    if (input instanceof InputPlan.Cdc cdc) {
      return new Input(input.name(), "cdc", cdc.capture().table());
    }
    return new Input(input.name(), "kafka", input.topic());
  }

  /** Published columns with the input columns they come from; a column the planner cannot trace is left out. */
  private static List<ColumnLineage> lineage(ProductPlan plan) {
    List<ColumnLineage> lineage = new ArrayList<>();
    for (PublishedColumn column : plan.columns()) {
      List<ColumnSource> from = column.sources().stream().map(ProductRegistrations::source).distinct().toList();
      if (!from.isEmpty()) {
        lineage.add(new ColumnLineage(column.name(), from));
      }
    }
    return lineage;
  }

  private static ColumnSource source(SourceColumn source) {
    return new ColumnSource(source.input(), source.column());
  }
}
