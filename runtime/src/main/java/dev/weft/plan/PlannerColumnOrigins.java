package dev.weft.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.table.api.Table;

/**
 * Reads column origins off the planner's logical plan of a query: for each output column, the
 * table columns it is computed from (Calcite's column-origin metadata, which follows projections,
 * joins, aggregations, set operations and subqueries).
 *
 * <p>Through {@link PlannerTree}'s reflection; the compiler's unit tests check the names used.
 */
final class PlannerColumnOrigins {
  private PlannerColumnOrigins() {}

  /** One origin: the last part of the table's qualified name and the column's position in it. */
  record Origin(String table, int column, boolean derived) {}

  /**
   * The origins of each output column of {@code query}, in output order; an empty list for a column
   * computed from no table column (a literal); empty when the planner cannot tell.
   */
  static Optional<List<List<Origin>>> of(Table query) {
    try {
      PlannerTree tree = PlannerTree.of(query);
      List<List<Origin>> columns = new ArrayList<>();
      for (int i = 0; i < query.getResolvedSchema().getColumnCount(); i++) {
        Set<?> origins = (Set<?>) tree.metadata("getColumnOrigins", tree.rel(), i);
        if (origins == null) {
          return Optional.empty();
        }
        List<Origin> column = new ArrayList<>();
        for (Object origin : origins) {
          column.add(origin(origin));
        }
        columns.add(column);
      }
      return Optional.of(columns);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return Optional.empty();
    }
  }

  private static Origin origin(Object origin) throws ReflectiveOperationException {
    Object table = origin.getClass().getMethod("getOriginTable").invoke(origin);
    List<?> name = (List<?>) table.getClass().getMethod("getQualifiedName").invoke(table);
    int ordinal = (Integer) origin.getClass().getMethod("getOriginColumnOrdinal").invoke(origin);
    boolean derived = (Boolean) origin.getClass().getMethod("isDerived").invoke(origin);
    return new Origin(name.get(name.size() - 1).toString(), ordinal, derived);
  }
}
