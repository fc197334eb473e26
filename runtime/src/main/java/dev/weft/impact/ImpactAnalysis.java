package dev.weft.impact;

import dev.weft.catalog.client.CatalogClient;
import dev.weft.catalog.health.MetricsSample.ConsumerGroupLag;
import dev.weft.catalog.impact.Impact;
import dev.weft.catalog.impact.ImpactAssessment;
import dev.weft.catalog.impact.ImpactRequest;
import dev.weft.catalog.product.ProductRef;
import dev.weft.catalog.product.ProductRegistration;
import dev.weft.catalogreport.ConsumerGroupLags;
import dev.weft.catalogreport.ProductRegistrations;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.ProductSpec;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.admin.Admin;

/**
 * Asks the catalog, in one request, what a new version of a product would touch (the downstream
 * products and the columns they read, from the column lineage it records; the domains its access
 * rules let read its table), handing it the consumer groups on the product's topic as the Kafka
 * cluster shows them now, when one is given. The catalog applies {@link ImpactAssessment}; a product
 * the catalog does not hold is assessed here by the same rule, with no version and no reader.
 */
public final class ImpactAnalysis {
  private final CatalogClient catalog;
  private final Optional<Admin> kafka;

  public ImpactAnalysis(CatalogClient catalog, Optional<Admin> kafka) {
    this.catalog = catalog;
    this.kafka = kafka;
  }

  /** @throws dev.weft.catalog.client.CatalogException when the catalog cannot be asked */
  public ImpactReport of(ProductSpec spec, ProductPlan plan) {
    ProductRegistration next = ProductRegistrations.of(spec, plan);
    Impact impact = ask(next, spec, plan, plan.names().topic());
    if (kafka.isPresent() && impact.topic() != null && !impact.topic().equals(plan.names().topic())) {
      // the version the catalog holds publishes to another topic: its readers are the groups on that one
      impact = ask(next, spec, plan, impact.topic());
    }
    return new ImpactReport(impact, kafka.isPresent());
  }

  private Impact ask(ProductRegistration next, ProductSpec spec, ProductPlan plan, String groupsTopic) {
    List<ConsumerGroupLag> groups = kafka.map(admin -> new ConsumerGroupLags(admin).withActivity(groupsTopic)).orElse(List.of());
    ImpactRequest proposal = new ImpactRequest(next.version(), next.schema(), plan.names().topic(), plan.names().qualifiedTable(),
        spec.access().readers(), groups);
    return catalog.impact(next.domain(), next.name(), proposal).orElseGet(() -> ImpactAssessment.assess(
        new ProductRef(next.domain(), next.name()), proposal, Optional.empty(), List.of(),
        new ImpactAssessment.Groups("request", groups, Map.of())));
  }
}
