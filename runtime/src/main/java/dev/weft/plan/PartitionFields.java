package dev.weft.plan;

import dev.weft.spec.SpecProblem;
import dev.weft.spec.TableOutput.PartitionField;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code outputs.table.partitionBy} entries, Iceberg's transform syntax: {@code col},
 * {@code years|months|days|hours(col)}, {@code bucket(N, col)}, {@code truncate(N, col)}.
 */
final class PartitionFields {
  private static final Pattern IDENTITY = Pattern.compile("\\s*([a-z_][a-z0-9_]*)\\s*");
  private static final Pattern TIME = Pattern.compile("\\s*(years?|months?|days?|hours?)\\(\\s*([a-z_][a-z0-9_]*)\\s*\\)\\s*");
  private static final Pattern WIDTH = Pattern.compile("\\s*(bucket|truncate)\\(\\s*(\\d+)\\s*,\\s*([a-z_][a-z0-9_]*)\\s*\\)\\s*");

  private PartitionFields() {}

  static Optional<PartitionFieldPlan> parse(PartitionField field, Set<String> columns, List<SpecProblem> problems) {
    String text = field.expression();
    PartitionFieldPlan plan;
    Matcher m;
    if ((m = IDENTITY.matcher(text)).matches()) {
      plan = new PartitionFieldPlan("identity", m.group(1), OptionalInt.empty());
    } else if ((m = TIME.matcher(text)).matches()) {
      String unit = m.group(1).endsWith("s") ? m.group(1).substring(0, m.group(1).length() - 1) : m.group(1);
      plan = new PartitionFieldPlan(unit, m.group(2), OptionalInt.empty());
    } else if ((m = WIDTH.matcher(text)).matches()) {
      plan = new PartitionFieldPlan(m.group(1), m.group(3), OptionalInt.of(Integer.parseInt(m.group(2))));
    } else {
      problems.add(new SpecProblem(field.position(), "partition field '" + text
          + "' is not an Iceberg partition transform; use col, years(col), months(col), days(col), hours(col), bucket(N, col) or truncate(N, col)"));
      return Optional.empty();
    }
    if (!columns.contains(plan.column())) {
      problems.add(new SpecProblem(field.position(), "partition field '" + text + "' uses column '" + plan.column()
          + "', which is not a column of schema.columns"));
      return Optional.empty();
    }
    return Optional.of(plan);
  }
}
