package dev.weft.plan;

import java.lang.reflect.Method;
import java.util.List;
import org.apache.flink.table.api.Table;

/**
 * The planner's logical tree of a query (a Calcite {@code RelNode}) and its metadata query, reached
 * by reflection: flink-table-planner-loader keeps the planner and its Calcite in a class loader of
 * their own (so that its Scala 2.12 never meets the broker's 2.13). The names used are Calcite's
 * public API and {@code PlannerQueryOperation#getCalciteTree}; the unit tests of the classes that
 * read the tree fail if a Flink upgrade renames them.
 *
 * @param rel the tree's root
 * @param metadata Calcite's {@code RelMetadataQuery} of the tree's cluster
 */
record PlannerTree(Object rel, Object metadata) {
  static PlannerTree of(Table query) throws ReflectiveOperationException {
    Object operation = query.getQueryOperation();
    Object rel = operation.getClass().getMethod("getCalciteTree").invoke(operation);
    Object cluster = rel.getClass().getMethod("getCluster").invoke(rel);
    return new PlannerTree(rel, cluster.getClass().getMethod("getMetadataQuery").invoke(cluster));
  }

  /** A class of the planner's class loader. */
  Class<?> plannerClass(String name) throws ClassNotFoundException {
    return rel.getClass().getClassLoader().loadClass(name);
  }

  /** {@code metadata.name(node, args…)}, a metadata method that takes a {@code RelNode} first. */
  Object metadata(String name, Object node, Object... args) throws ReflectiveOperationException {
    Class<?>[] types = new Class<?>[args.length + 1];
    types[0] = plannerClass("org.apache.calcite.rel.RelNode");
    for (int i = 0; i < args.length; i++) {
      types[i + 1] = args[i] instanceof Integer ? int.class : args[i].getClass();
    }
    Object[] values = new Object[args.length + 1];
    values[0] = node;
    System.arraycopy(args, 0, values, 1, args.length);
    Method method = metadata.getClass().getMethod(name, types);
    return method.invoke(metadata, values);
  }

  /** The inputs of {@code node}. */
  static List<?> inputs(Object node) throws ReflectiveOperationException {
    return (List<?>) node.getClass().getMethod("getInputs").invoke(node);
  }
}
