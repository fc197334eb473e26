package dev.weft.plan;

import dev.weft.spec.ColumnSpec;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.table.api.Schema;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.TableDescriptor;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Column-level lineage of a transform: which input columns each output column comes from, as the
 * planner resolves the SQL.
 *
 * <p>The transform is planned once more over the inputs registered as named catalog tables (of the
 * {@code datagen} connector, never run), so that the planner's origins name the input, which the
 * stream-backed tables of {@link SqlValidationEnvironment} do not.
 */
final class ColumnLineages {
  private static final Logger LOG = LoggerFactory.getLogger(ColumnLineages.class);

  private ColumnLineages() {}

  /** The source columns of each output column of {@code transformSql}, by column name; empty when they cannot be told. */
  static Map<String, List<SourceColumn>> of(String product, List<InputPlan> inputs, String transformSql) {
    try {
      StreamTableEnvironment tableEnv = SqlValidationEnvironment.streaming();
      for (InputPlan input : inputs) {
        Schema.Builder schema = Schema.newBuilder();
        input.columns().forEach(c -> schema.column(c.name(), FlinkTypes.dataType(c)));
        tableEnv.createTemporaryTable("`" + input.name() + "`", TableDescriptor.forConnector("datagen").schema(schema.build()).build());
      }
      Table query = tableEnv.sqlQuery(transformSql);
      Optional<List<List<PlannerColumnOrigins.Origin>>> origins = PlannerColumnOrigins.of(query);
      if (origins.isEmpty()) {
        LOG.warn("Product {}: the planner could not tell which input columns its columns come from", product);
        return Map.of();
      }
      List<String> names = query.getResolvedSchema().getColumnNames();
      Map<String, List<SourceColumn>> lineage = new LinkedHashMap<>();
      for (int i = 0; i < names.size(); i++) {
        lineage.put(names.get(i), origins.get().get(i).stream()
            .map(o -> sourceColumn(inputs, o))
            .sorted(Comparator.comparing(SourceColumn::input).thenComparing(SourceColumn::column))
            .toList());
      }
      return lineage;
    } catch (RuntimeException e) {
      // the transform has been validated already; a type datagen cannot declare must not refuse the spec
      LOG.warn("Product {}: no column lineage ({})", product, e.getMessage());
      return Map.of();
    }
  }

  private static SourceColumn sourceColumn(List<InputPlan> inputs, PlannerColumnOrigins.Origin origin) {
    InputPlan input = inputs.stream().filter(i -> i.name().equals(origin.table())).findFirst().orElseThrow();
    ColumnSpec column = input.columns().get(origin.column());
    return new SourceColumn(input.name(), column.name(), origin.derived());
  }
}
