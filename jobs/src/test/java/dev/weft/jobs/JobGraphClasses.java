package dev.weft.jobs;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.jobgraph.JobVertex;
import org.apache.flink.runtime.operators.coordination.OperatorCoordinator;
import org.apache.flink.streaming.api.graph.StreamConfig;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.SerializedValue;

/**
 * Deserializes a job graph the way a cluster does, with the class loader this class was loaded by:
 * the graph itself (as the JobManager receives it over REST), its execution config, operator
 * coordinators (sources' enumerators), and every serialized object in every task's and chained
 * operator's configuration (operators, functions, key selectors, serializers, partitioners), as the
 * TaskManagers read them. Loaded by a test into a class loader that holds only a cluster's class
 * path, so it reports every class a job graph needs that a cluster does not have.
 */
public final class JobGraphClasses {
  private JobGraphClasses() {}

  /** @return one line per object that could not be deserialized: where, and the missing class */
  public static List<String> missing(byte[] serializedJobGraph) throws IOException {
    ClassLoader loader = JobGraphClasses.class.getClassLoader();
    List<String> missing = new ArrayList<>();
    JobGraph graph;
    try {
      graph = InstantiationUtil.deserializeObject(serializedJobGraph, loader);
    } catch (ClassNotFoundException e) {
      return List.of("the job graph: " + e.getMessage());
    }
    deserialize("the execution config", graph.getSerializedExecutionConfig(), loader, missing);
    for (JobVertex vertex : graph.getVertices()) {
      String where = "vertex '" + vertex.getName() + "'";
      try {
        Class.forName(vertex.getInvokableClassName(), false, loader);
      } catch (ClassNotFoundException e) {
        missing.add(where + ": its invokable " + e.getMessage());
      }
      for (SerializedValue<OperatorCoordinator.Provider> coordinator : vertex.getOperatorCoordinators()) {
        deserialize(where + ", an operator coordinator", coordinator, loader, missing);
      }
      StreamConfig head = new StreamConfig(vertex.getConfiguration());
      List<StreamConfig> operators = new ArrayList<>(List.of(head));
      try {
        operators.addAll(head.getTransitiveChainedTaskConfigs(loader).values());
      } catch (RuntimeException e) {
        missing.add(where + ": its chained operators: " + e.getMessage());
      }
      for (StreamConfig operator : operators) {
        String at = where + ", operator '" + operator.getOperatorName() + "'";
        Configuration config = operator.getConfiguration();
        for (String key : config.keySet()) {
          byte[] bytes;
          try {
            bytes = config.getBytes(key, null);
          } catch (IllegalArgumentException notBytes) {
            continue; // a setting, not a serialized object
          }
          if (bytes != null) {
            deserialize(at + ", " + key, bytes, loader, missing);
          }
        }
      }
    }
    return missing;
  }

  private static void deserialize(String where, SerializedValue<?> value, ClassLoader loader, List<String> missing) throws IOException {
    if (value != null) {
      deserialize(where, value.getByteArray(), loader, missing);
    }
  }

  private static void deserialize(String where, byte[] bytes, ClassLoader loader, List<String> missing) {
    try {
      InstantiationUtil.deserializeObject(bytes, loader);
    } catch (ClassNotFoundException | NoClassDefFoundError e) {
      missing.add(where + ": " + e.getMessage());
    } catch (IOException | RuntimeException notJavaSerialization) {
      // a value that is not a serialized object (Flink writes some settings as plain bytes)
    }
  }
}
