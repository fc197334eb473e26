package dev.weft.catalog.impact;

import dev.weft.catalog.health.MetricsSample.ConsumerGroupLag;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.PublishedSchema;
import dev.weft.catalog.product.SemanticVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * A proposed version of a product, as {@code POST /api/v1/products/{domain}/{name}/impact} takes it:
 * what the catalog needs to say what the version would touch.
 *
 * @param version the proposed version; it is compared with the highest registered version of its major before it
 * @param schema the schema it would publish (columns with name and type; nullable, primary key and
 *     compatibility mode as in a registration)
 * @param topic the topic it would publish to; null when not given (then no topic change is reported)
 * @param table the table it would publish to; used only when the catalog holds no version of its major
 * @param readers its {@code access.readers}; null keeps those of the version it is compared with
 * @param consumerGroups the groups on its topic as the caller sees them now (what {@code weft impact
 *     --kafka} reads from the cluster); null for those the runtime last reported to the catalog
 */
public record ImpactRequest(String version, PublishedSchema schema, String topic, String table, List<String> readers,
    List<ConsumerGroupLag> consumerGroups) {

  public ImpactRequest {
    readers = readers == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(readers));
    consumerGroups = consumerGroups == null ? null : java.util.Collections.unmodifiableList(new ArrayList<>(consumerGroups));
  }

  /** What is wrong with the request, each naming its field; empty when nothing is. */
  public List<String> problems() {
    List<String> problems = new ArrayList<>();
    if (version == null) {
      problems.add("version: missing (the proposed version, such as 1.1.0)");
    } else if (!SemanticVersion.isValid(version)) {
      problems.add("version: must be a semantic version such as 1.1.0, was '" + version + "'");
    }
    if (schema == null) {
      problems.add("schema: missing (the columns the proposed version publishes)");
    } else {
      for (int i = 0; i < schema.columns().size(); i++) {
        Column column = schema.columns().get(i);
        if (column == null || column.name() == null || column.name().isBlank()) {
          problems.add("schema.columns[" + i + "].name: missing");
        }
        if (column != null && (column.type() == null || column.type().isBlank())) {
          problems.add("schema.columns[" + i + "].type: missing");
        }
      }
    }
    if (readers != null) {
      for (int i = 0; i < readers.size(); i++) {
        if (readers.get(i) == null || readers.get(i).isBlank()) {
          problems.add("readers[" + i + "]: missing");
        }
      }
    }
    if (consumerGroups != null) {
      problems.addAll(ConsumerGroupLag.problems(consumerGroups));
    }
    return problems;
  }
}
