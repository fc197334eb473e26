package dev.weft.catalog.product;

import dev.weft.catalog.DurationText;
import dev.weft.catalog.product.ProductRegistration.Column;
import dev.weft.catalog.product.ProductRegistration.ColumnLineage;
import dev.weft.catalog.product.ProductRegistration.ColumnSource;
import dev.weft.catalog.product.ProductRegistration.Input;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Every problem of a registration, each naming its field the way the JSON writes it. */
public final class RegistrationValidator {
  private static final List<String> KINDS = List.of("kafka", "cdc", "product");

  private RegistrationValidator() {}

  public static List<String> problems(ProductRegistration registration) {
    List<String> problems = new ArrayList<>();
    name(problems, "domain", registration.domain());
    name(problems, "name", registration.name());
    if (required(problems, "version", registration.version()) && !SemanticVersion.isValid(registration.version())) {
      problems.add("version: must be a semantic version such as 1.2.0, was '" + registration.version() + "'");
    }
    required(problems, "owner", registration.owner());
    required(problems, "specYaml", registration.specYaml());
    for (int i = 0; i < registration.tags().size(); i++) {
      required(problems, "tags[" + i + "]", registration.tags().get(i));
    }
    Set<String> columns = schema(problems, registration);
    if (registration.outputs() == null) {
      problems.add("outputs: missing (topic, table, deadLetterTopic)");
    } else {
      required(problems, "outputs.topic", registration.outputs().topic());
      required(problems, "outputs.table", registration.outputs().table());
    }
    if (registration.sla() != null && registration.sla().freshness() != null
        && DurationText.parseOrNull(registration.sla().freshness()) == null) {
      problems.add("sla.freshness: must be a whole number and a unit (ms, s, m, h, d) such as 60s, was '" + registration.sla().freshness() + "'");
    }
    if (registration.quality() != null && registration.quality().minValidRatio() != null) {
      BigDecimal ratio = registration.quality().minValidRatio();
      if (ratio.signum() < 0 || ratio.compareTo(BigDecimal.ONE) > 0) {
        problems.add("quality.minValidRatio: must be from 0 to 1, was " + ratio.toPlainString());
      }
    }
    if (registration.access() != null) {
      for (int i = 0; i < registration.access().readers().size(); i++) {
        required(problems, "access.readers[" + i + "]", registration.access().readers().get(i));
      }
    }
    Set<String> inputs = inputs(problems, registration.inputs());
    columnLineage(problems, registration.columnLineage(), columns, inputs);
    return problems;
  }

  private static Set<String> schema(List<String> problems, ProductRegistration registration) {
    Set<String> names = new HashSet<>();
    if (registration.schema() == null || registration.schema().columns().isEmpty()) {
      problems.add("schema.columns: a product publishes at least one column");
      return names;
    }
    List<Column> columns = registration.schema().columns();
    for (int i = 0; i < columns.size(); i++) {
      Column column = columns.get(i);
      String at = "schema.columns[" + i + "]";
      if (column == null) {
        problems.add(at + ": must be an object");
        continue;
      }
      if (required(problems, at + ".name", column.name()) && !names.add(column.name())) {
        problems.add(at + ".name: column '" + column.name() + "' is listed twice");
      }
      required(problems, at + ".type", column.type());
    }
    String compatibility = registration.schema().compatibility();
    if (compatibility != null && dev.weft.catalog.schema.CompatibilityMode.parse(compatibility).isEmpty()) {
      problems.add("schema.compatibility: must be one of backward, forward, full, none, was '" + compatibility + "'");
    }
    List<String> primaryKey = registration.schema().primaryKey();
    for (int i = 0; i < primaryKey.size(); i++) {
      if (!names.contains(primaryKey.get(i))) {
        problems.add("schema.primaryKey[" + i + "]: '" + primaryKey.get(i) + "' is not a column of schema.columns");
      }
    }
    return names;
  }

  private static Set<String> inputs(List<String> problems, List<Input> inputs) {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < inputs.size(); i++) {
      Input input = inputs.get(i);
      String at = "inputs[" + i + "]";
      if (input == null) {
        problems.add(at + ": must be an object");
        continue;
      }
      if (required(problems, at + ".name", input.name()) && !names.add(input.name())) {
        problems.add(at + ".name: input '" + input.name() + "' is listed twice");
      }
      if (required(problems, at + ".kind", input.kind()) && !KINDS.contains(input.kind())) {
        problems.add(at + ".kind: must be one of kafka, cdc, product, was '" + input.kind() + "'");
      }
      if (required(problems, at + ".source", input.source()) && "product".equals(input.kind())
          && ProductRef.parseOrNull(input.source()) == null) {
        problems.add(at + ".source: a product input names domain.name or domain.name@major, was '" + input.source() + "'");
      }
    }
    return names;
  }

  private static void columnLineage(List<String> problems, List<ColumnLineage> lineage, Set<String> columns, Set<String> inputs) {
    for (int i = 0; i < lineage.size(); i++) {
      ColumnLineage entry = lineage.get(i);
      String at = "columnLineage[" + i + "]";
      if (entry == null) {
        problems.add(at + ": must be an object");
        continue;
      }
      if (required(problems, at + ".column", entry.column()) && !columns.contains(entry.column())) {
        problems.add(at + ".column: '" + entry.column() + "' is not a column of schema.columns");
      }
      for (int j = 0; j < entry.from().size(); j++) {
        ColumnSource source = entry.from().get(j);
        String from = at + ".from[" + j + "]";
        if (source == null) {
          problems.add(from + ": must be an object");
          continue;
        }
        if (required(problems, from + ".input", source.input()) && !inputs.contains(source.input())) {
          problems.add(from + ".input: '" + source.input() + "' is not one of inputs");
        }
        required(problems, from + ".column", source.column());
      }
    }
  }

  private static void name(List<String> problems, String field, String value) {
    // the one name grammar, which the spec loader applies too
    if (required(problems, field, value) && !ProductRef.isName(value)) {
      problems.add(field + ": must be " + ProductRef.NAME_RULE + ", was '" + value + "'");
    }
  }

  private static boolean required(List<String> problems, String field, String value) {
    if (value == null || value.isBlank()) {
      problems.add(field + ": missing");
      return false;
    }
    return true;
  }
}
