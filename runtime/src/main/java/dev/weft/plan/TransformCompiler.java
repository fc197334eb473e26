package dev.weft.plan;

import dev.weft.jobs.mask.EncryptFunction;
import dev.weft.jobs.mask.SecretLookup;
import dev.weft.jobs.source.RecordOrigin;
import dev.weft.spec.ColumnSpec;
import dev.weft.spec.Position;
import dev.weft.spec.ProductSpec;
import dev.weft.spec.ScheduleSpec;
import dev.weft.spec.SpecProblem;
import dev.weft.spec.SqlText;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.table.catalog.Column;
import org.apache.flink.table.catalog.ResolvedSchema;
import org.apache.flink.table.types.logical.LogicalType;
import org.apache.flink.table.types.logical.LogicalTypeRoot;
import org.apache.flink.table.types.logical.VarCharType;
import org.apache.flink.table.types.logical.utils.LogicalTypeCasts;

/**
 * Plans a product's SQL against its inputs: the transform must parse and validate, produce
 * exactly the declared columns with compatible types, every rule must be a boolean expression over
 * those columns, and a product without a primary key must not produce updates. Then writes the SQL
 * the job runs.
 */
final class TransformCompiler {
  static final String OUTPUT_VIEW = "_weft_output";
  static final String RULE_COLUMN_PREFIX = "_weft_rule_";
  /** What a column masked with {@code redact} publishes. */
  static final String REDACTED = "REDACTED";

  private final ProductSpec spec;
  private final List<InputPlan> inputs;
  private final List<SpecProblem> problems;

  TransformCompiler(ProductSpec spec, List<InputPlan> inputs, List<SpecProblem> problems) {
    this.spec = spec;
    this.inputs = inputs;
    this.problems = problems;
  }

  /**
   * The compiled SQL, or empty when problems were found.
   *
   * @param lineage the input columns each output column of the transform comes from, by name
   */
  record CompiledSql(String transformSql, String jobSql, boolean originTraceable, Map<String, List<SourceColumn>> lineage) {}

  Optional<CompiledSql> compile(List<RulePlan> rules) {
    SqlText transform = spec.transform().orElseGet(this::identity);
    if (transform == null) {
      return Optional.empty();
    }
    boolean batch = spec.schedule().mode() == ScheduleSpec.Mode.BATCH;
    if (BatchWindow.isReferencedIn(transform.sql())) {
      Optional<String> unknown = BatchWindow.unknownReference(transform.sql());
      if (unknown.isPresent() || !batch) {
        problems.add(new SpecProblem(transform.start(), unknown
            .map(u -> "transform: unknown reference " + u + "; a batch run's window is " + BatchWindow.START + " .. " + BatchWindow.END)
            .orElse("transform: " + BatchWindow.START + " and " + BatchWindow.END
                + " are the window of a batch run; this product streams (set schedule.mode: batch)")));
        return Optional.empty();
      }
      // planned with stand-in values, which the compiled SQL turns back into references for each run to fill
      transform = new SqlText(BatchWindow.PLANNING.applyTo(transform.sql()), transform.start(), transform.continuationColumn());
    }
    StreamTableEnvironment tableEnv = SqlValidationEnvironment.create(inputs, batch);
    Table output;
    try {
      output = tableEnv.sqlQuery(transform.sql());
    } catch (RuntimeException e) {
      problems.add(SqlErrors.problem("transform", transform, 0, e));
      return Optional.empty();
    }
    String transformSql = transform.sql();
    boolean traceable = hasOrigin(output.getResolvedSchema());
    if (!traceable) {
      Optional<Table> rewritten = OriginRewriter.rewrite(transformSql).flatMap(sql -> plan(tableEnv, sql));
      if (rewritten.isPresent() && hasOrigin(rewritten.get().getResolvedSchema())) {
        transformSql = OriginRewriter.rewrite(transformSql).orElseThrow();
        output = rewritten.get();
        traceable = true;
      }
    }
    if (!checkColumns(output.getResolvedSchema(), transform.start())) {
      return Optional.empty();
    }
    tableEnv.createTemporaryView(OUTPUT_VIEW, output);
    if (!checkRules(tableEnv) || !checkMasks()) {
      return Optional.empty();
    }
    // only now, so that the transform and the rules cannot call it themselves; planning never opens it, so reads no key
    tableEnv.createTemporarySystemFunction(EncryptFunction.NAME, new EncryptFunction(List.of(), SecretLookup.of(Optional.empty())));
    String jobSql = jobSql(transformSql, output.getResolvedSchema(), traceable, rules);
    if (!checkChangelog(tableEnv, jobSql, transform.start())) {
      return Optional.empty();
    }
    return Optional.of(new CompiledSql(BatchWindow.references(transformSql), BatchWindow.references(jobSql), traceable,
        ColumnLineages.of(spec.qualifiedName(), inputs, transform.sql())));
  }

  private SqlText identity() {
    if (inputs.size() != 1) {
      problems.add(new SpecProblem(new Position(spec.file(), 1, 1),
          "transform is required when a product has more than one input (it has " + inputs.size() + ")"));
      return null;
    }
    return new SqlText("SELECT * FROM `" + inputs.get(0).name() + "`", Position.unknown(spec.file()), 1);
  }

  private static Optional<Table> plan(StreamTableEnvironment tableEnv, String sql) {
    try {
      return Optional.of(tableEnv.sqlQuery(sql));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static boolean hasOrigin(ResolvedSchema schema) {
    return schema.getColumn(RecordOrigin.COLUMN)
        .map(c -> c.getDataType().getLogicalType().copy(true).equals(RecordOrigin.TYPE.copy(true)))
        .orElse(false);
  }

  private boolean checkColumns(ResolvedSchema produced, Position transformPosition) {
    int before = problems.size();
    List<String> producedNames = produced.getColumnNames().stream().filter(n -> !n.equals(RecordOrigin.COLUMN)).toList();
    for (ColumnSpec column : spec.schema().columns()) {
      Optional<Column> match = produced.getColumn(column.name());
      if (match.isEmpty()) {
        problems.add(new SpecProblem(column.position(), "column '" + column.name()
            + "' is not produced by the transform (it produces: " + String.join(", ", producedNames) + ")"));
        continue;
      }
      LogicalType declared = FlinkTypes.logicalType(column).copy(true);
      LogicalType actual = match.get().getDataType().getLogicalType().copy(true);
      if (!declared.equals(actual) && !LogicalTypeCasts.supportsImplicitCast(actual, declared)) {
        problems.add(new SpecProblem(column.position(), "column '" + column.name() + "' is declared " + declared.asSummaryString()
            + " but the transform produces " + actual.asSummaryString() + "; CAST it in the transform or change its type"));
      }
    }
    for (String name : producedNames) {
      if (spec.schema().column(name).isEmpty()) {
        problems.add(new SpecProblem(transformPosition, "the transform produces column '" + name
            + "', which schema.columns does not declare; declare it or leave it out of the SELECT"));
      }
    }
    return problems.size() == before;
  }

  private boolean checkRules(StreamTableEnvironment tableEnv) {
    int before = problems.size();
    for (var rule : spec.quality().rules()) {
      String sql = "SELECT (\n" + rule.check().sql() + "\n) AS r FROM `" + OUTPUT_VIEW + "`";
      try {
        LogicalType type = tableEnv.sqlQuery(sql).getResolvedSchema().getColumnDataTypes().get(0).getLogicalType();
        if (type.getTypeRoot() != LogicalTypeRoot.BOOLEAN) {
          problems.add(new SpecProblem(rule.check().start(), "quality rule '" + rule.name()
              + "' must be a boolean expression, but its check is " + type.asSummaryString()));
        }
      } catch (RuntimeException e) {
        problems.add(SqlErrors.problem("quality rule '" + rule.name() + "'", rule.check(), 1, e));
      }
    }
    return problems.size() == before;
  }

  /** Published columns (cast where the transform's type differs), the origin, one BOOLEAN per rule. */
  private String jobSql(String transformSql, ResolvedSchema produced, boolean traceable, List<RulePlan> rules) {
    List<String> select = new ArrayList<>();
    for (ColumnSpec column : spec.schema().columns()) {
      LogicalType declared = FlinkTypes.logicalType(column).copy(true);
      LogicalType actual = produced.getColumn(column.name()).orElseThrow().getDataType().getLogicalType().copy(true);
      String name = "`" + column.name() + "`";
      String value = declared.equals(actual) ? name : "CAST(" + name + " AS " + declared.asSerializableString() + ")";
      // rules in this SELECT still see the unmasked values of the subquery below
      String published = column.mask().map(mask -> masked(column, mask, value)).orElse(value);
      select.add(published.equals(name) ? name : published + " AS " + name);
    }
    select.add(traceable
        ? "`" + RecordOrigin.COLUMN + "`"
        : "CAST(NULL AS " + RecordOrigin.SQL_TYPE + ") AS `" + RecordOrigin.COLUMN + "`");
    for (int i = 0; i < rules.size(); i++) {
      select.add("(" + rules.get(i).sql() + ") IS TRUE AS `" + RULE_COLUMN_PREFIX + i + "`");
    }
    return "SELECT\n  " + String.join(",\n  ", select) + "\nFROM (\n" + transformSql.strip() + "\n) AS `" + OUTPUT_VIEW + "`";
  }

  /**
   * SQL that publishes a masked value: the hex SHA-256 of the value, a fixed marker, or the value
   * encrypted with the key in the column's secret (named, never its value); NULL stays NULL.
   */
  private static String masked(ColumnSpec column, String mask, String value) {
    return switch (mask) {
      case "sha256" -> "SHA2(" + value + ", 256)";
      case "encrypt" -> EncryptFunction.NAME + "(" + value + ", '" + column.keySecret().orElseThrow() + "')";
      default -> "CASE WHEN " + value + " IS NULL THEN CAST(NULL AS STRING) ELSE '" + REDACTED + "' END";
    };
  }

  /** Masks that can be applied: all publish text, so the column must be a STRING. */
  private boolean checkMasks() {
    int before = problems.size();
    for (ColumnSpec column : spec.schema().columns()) {
      column.mask().ifPresent(mask -> {
        if (!(FlinkTypes.logicalType(column) instanceof VarCharType)) {
          problems.add(new SpecProblem(column.position(), "column '" + column.name() + "' is masked with " + mask
              + ", which publishes text; declare it as type: STRING"));
        }
      });
    }
    return problems.size() == before;
  }

  private boolean checkChangelog(StreamTableEnvironment tableEnv, String jobSql, Position transformPosition) {
    Table job;
    try {
      job = tableEnv.sqlQuery(jobSql);
    } catch (RuntimeException e) {
      problems.add(new SpecProblem(transformPosition, "transform: " + SqlErrors.clean(e.getMessage())));
      return false;
    }
    if (spec.schema().upsert()) {
      return true;
    }
    try {
      tableEnv.toDataStream(job);
      return true;
    } catch (RuntimeException e) {
      if (String.valueOf(e.getMessage()).contains("update")) {
        problems.add(new SpecProblem(transformPosition, "the transform produces updates (it aggregates or joins streams), "
            + "which only an upsert product can publish; declare schema.primaryKey"));
      } else {
        problems.add(new SpecProblem(transformPosition, "transform: " + SqlErrors.clean(e.getMessage())));
      }
      return false;
    }
  }
}
