package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** Names follow the organisation's patterns: product names, topic names, table names, column names. */
public record NamingPolicy(
    String name, Severity severity, Optional<Pattern> products, Optional<Pattern> topics, Optional<Pattern> tables, Optional<Pattern> columns)
    implements Policy {

  @Override
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions) {
    List<PolicyViolation> violations = new ArrayList<>();
    products.filter(p -> !p.matcher(spec.metadata().name()).matches()).ifPresent(p -> violations.add(violation(
        positions.nearest("metadata.name"), "product name '" + spec.metadata().name() + "' does not match " + p + "; rename the product")));
    topics.filter(p -> !p.matcher(names.topic()).matches()).ifPresent(p -> violations.add(violation(
        positions.nearest("outputs.topic.name", "metadata.name"),
        "topic name '" + names.topic() + "' does not match " + p + "; set outputs.topic.name to a name that does")));
    tables.filter(p -> !p.matcher(names.qualifiedTable()).matches()).ifPresent(p -> violations.add(violation(
        positions.nearest("outputs.table.name", "metadata.name"),
        "table name '" + names.qualifiedTable() + "' does not match " + p + "; set outputs.table.name to a name that does")));
    columns.ifPresent(p -> {
      for (ColumnSpec column : spec.schema().columns()) {
        if (!p.matcher(column.name()).matches()) {
          violations.add(violation(column.position(), "column name '" + column.name() + "' does not match " + p + "; rename the column"));
        }
      }
    });
    return violations;
  }
}
