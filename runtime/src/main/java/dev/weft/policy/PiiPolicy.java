package dev.weft.policy;

import dev.weft.plan.ProductNames;
import dev.weft.spec.CdcInput;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.InputSpec;
import dev.weft.spec.KafkaInput;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.SpecPositions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every column marked {@code pii: true} says how it is masked before it is published; with
 * {@code personalColumns}, every input or published column whose name matches it must be marked
 * {@code pii: true}, so that a personal input column that is not published still keeps its values
 * out of the dead letters.
 *
 * @param personalColumns names of columns that hold personal data, e.g. {@code (?i).*(email|phone|name).*}
 */
public record PiiPolicy(String name, Severity severity, Optional<Pattern> personalColumns) implements Policy {

  public PiiPolicy(String name, Severity severity) {
    this(name, severity, Optional.empty());
  }

  @Override
  public List<PolicyViolation> check(ProductSpec spec, ProductNames names, SpecPositions positions) {
    List<PolicyViolation> violations = new ArrayList<>();
    for (InputSpec input : spec.inputs()) {
      for (ColumnSpec column : inputColumns(input)) {
        unmarked(column).ifPresent(pattern -> violations.add(violation(column.position(), "column '" + column.name() + "' of input '"
            + input.name() + "' matches " + pattern + " but is not marked; add pii: true (its values then stay out of dead letters)")));
      }
    }
    for (ColumnSpec column : spec.schema().columns()) {
      unmarked(column).ifPresent(pattern -> violations.add(violation(column.position(),
          "column '" + column.name() + "' matches " + pattern + " but is not marked; add pii: true and a mask")));
      if (column.pii() && column.mask().isEmpty()) {
        violations.add(violation(column.position(), "column '" + column.name() + "' is pii but declares no mask; add mask: sha256, redact or encrypt"));
      }
    }
    return violations;
  }

  private Optional<String> unmarked(ColumnSpec column) {
    return personalColumns.filter(p -> !column.pii() && p.matcher(column.name()).matches()).map(Pattern::pattern);
  }

  private static List<ColumnSpec> inputColumns(InputSpec input) {
    if (input instanceof KafkaInput kafka) {
      return kafka.columns();
    }
    if (input instanceof CdcInput cdc) {
      return cdc.columns();
    }
    return List.of(); // another product's columns are marked in its own spec
  }
}
