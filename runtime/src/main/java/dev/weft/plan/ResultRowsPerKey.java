package dev.weft.plan;

import java.util.List;
import java.util.Set;
import org.apache.flink.table.api.Table;

/**
 * Whether a query over one changelog holds at most one row per primary key at any time, with the
 * changes of a key in the order the input had them: true when the query only projects and filters
 * (no aggregate, join, set operation, window, OVER or subquery, so nothing moves a row between
 * parallel subtasks or keeps state) and the planner's upsert keys of the result (Flink's
 * {@code FlinkRelMetadataQuery#getUpsertKeys}, what it uses to leave out its own
 * SinkUpsertMaterializer) include one within the primary key.
 *
 * <p>Such a result needs no rows in state to become an upsert changelog: the retraction of a key is
 * always of the row published last for it. Any doubt (a node of another kind, a planner that cannot
 * tell) answers false, which keeps the rows in state.
 */
public final class ResultRowsPerKey {
  private static final String PROJECT = "org.apache.calcite.rel.core.Project";
  private static final String FILTER = "org.apache.calcite.rel.core.Filter";
  private static final String SCAN = "org.apache.calcite.rel.core.TableScan";
  private static final String SUB_QUERY_FINDER = "org.apache.calcite.rex.RexUtil$SubQueryFinder";

  private ResultRowsPerKey() {}

  /** @param primaryKey positions of the primary key's columns in the result */
  public static boolean atMostOne(Table result, List<Integer> primaryKey) {
    try {
      PlannerTree tree = PlannerTree.of(result);
      return projectsAndFiltersOneScan(tree, tree.rel()) && hasUpsertKeyWithin(tree, primaryKey);
    } catch (ReflectiveOperationException | ClassCastException e) {
      return false;
    }
  }

  private static boolean projectsAndFiltersOneScan(PlannerTree tree, Object node) throws ReflectiveOperationException {
    if (tree.plannerClass(SCAN).isInstance(node)) {
      return PlannerTree.inputs(node).isEmpty();
    }
    boolean project = tree.plannerClass(PROJECT).isInstance(node);
    if (!project && !tree.plannerClass(FILTER).isInstance(node)) {
      return false;
    }
    Class<?> kind = tree.plannerClass(project ? PROJECT : FILTER);
    boolean over = (Boolean) kind.getMethod("containsOver").invoke(node);
    boolean subQuery = (Boolean) tree.plannerClass(SUB_QUERY_FINDER).getMethod("containsSubQuery", kind).invoke(null, node);
    List<?> inputs = PlannerTree.inputs(node);
    return !over && !subQuery && inputs.size() == 1 && projectsAndFiltersOneScan(tree, inputs.get(0));
  }

  private static boolean hasUpsertKeyWithin(PlannerTree tree, List<Integer> primaryKey) throws ReflectiveOperationException {
    Class<?> flinkMetadata = tree.plannerClass("org.apache.flink.table.planner.plan.metadata.FlinkRelMetadataQuery");
    Object metadata = flinkMetadata.getMethod("reuseOrCreate", tree.plannerClass("org.apache.calcite.rel.metadata.RelMetadataQuery"))
        .invoke(null, tree.metadata());
    Set<?> keys = (Set<?>) flinkMetadata.getMethod("getUpsertKeys", tree.plannerClass("org.apache.calcite.rel.RelNode"))
        .invoke(metadata, tree.rel());
    if (keys == null) {
      return false;
    }
    for (Object key : keys) {
      List<?> columns = (List<?>) key.getClass().getMethod("asList").invoke(key);
      if (!columns.isEmpty() && primaryKey.containsAll(columns)) {
        return true;
      }
    }
    return false;
  }
}
