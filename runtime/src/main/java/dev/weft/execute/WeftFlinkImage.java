package dev.weft.execute;

import java.util.List;

/**
 * The Weft Flink image: Flink's own image with, in {@code lib/}, the connectors Weft's jobs use,
 * {@code weft-jobs} (every class a job graph holds) and {@code weft-runtime} with
 * {@code weft-catalog-api}, from which {@code dev.weft.jobs.ProductMain} builds a product's job
 * inside the cluster out of its plan (the runtime's {@code PlanTranslator}). {@code weft-jobs}
 * is in {@code usrlib/} too, since FlinkDeployments must name a jar; its classes load from
 * {@code lib/} ({@link #PARENT_FIRST}). The versions are the parent pom's (KubernetesResourcesTest
 * checks that they stay so).
 */
public final class WeftFlinkImage {
  public static final String BASE = "flink:1.20.3-java17";
  /** Where the image holds Weft's job classes, as FlinkDeployments name them. */
  public static final String JOBS_JAR = "local:///opt/flink/usrlib/weft-jobs.jar";
  /** Weft's own jars, copied from the build into {@code lib/}. */
  public static final List<String> WEFT_JARS = List.of("weft-jobs.jar", "weft-runtime.jar", "weft-catalog-api.jar");
  /**
   * Flink's {@code classloader.parent-first-patterns.additional} for Weft's jobs: every Weft class
   * from {@code lib/}, so that the runtime's translator and the job's classes are the same classes
   * (the jobs jar in {@code usrlib/} would load a second copy of them child-first).
   */
  public static final String PARENT_FIRST = "dev.weft.";

  /**
   * What jobs/ needs beyond Flink's distribution (which brings flink-json, flink-table-runtime, the
   * planner loader, flink-connector-base and flink-connector-files already).
   */
  public static final List<String> CONNECTORS = List.of(
      "org.apache.flink:flink-connector-kafka:3.4.0-1.20",
      "org.apache.kafka:kafka-clients:3.9.1",
      "org.apache.flink:flink-sql-connector-postgres-cdc:3.5.0",
      "org.apache.flink:flink-sql-connector-mysql-cdc:3.5.0",
      "com.mysql:mysql-connector-j:8.0.33",
      "org.postgresql:postgresql:42.7.8",
      "org.apache.iceberg:iceberg-flink-runtime-1.20:1.11.0",
      "org.apache.iceberg:iceberg-aws-bundle:1.11.0", // the AWS SDK of S3FileIO, for a warehouse on S3
      "org.apache.hadoop:hadoop-client-api:3.4.2",
      "org.apache.hadoop:hadoop-client-runtime:3.4.2",
      "com.fasterxml.jackson.core:jackson-core:2.19.2",
      "com.fasterxml.jackson.core:jackson-annotations:2.19.2",
      "com.fasterxml.jackson.core:jackson-databind:2.19.2",
      // plan JSON's Optional and Duration fields, read by ProductMain
      "com.fasterxml.jackson.datatype:jackson-datatype-jdk8:2.19.2",
      "com.fasterxml.jackson.datatype:jackson-datatype-jsr310:2.19.2");

  private WeftFlinkImage() {}

  /** A Dockerfile that fetches the connectors from Maven Central and adds Weft's jars from the build context. */
  public static String dockerfile() {
    StringBuilder out = new StringBuilder();
    out.append("# The Weft Flink image: ").append(BASE).append(" with the connectors of Weft's jobs, weft-jobs and weft-runtime in lib/:\n")
        .append("# dev.weft.jobs.ProductMain --plan PLAN.json builds a product's job inside the cluster (deploy/README.md).\n")
        .append("# Build: mvn -B -pl runtime -am package -DskipTests\n")
        .append("#        cp jobs/target/weft-jobs-*.jar weft-jobs.jar; cp runtime/target/weft-runtime-*.jar weft-runtime.jar\n")
        .append("#        cp catalog-api/target/weft-catalog-api-*.jar weft-catalog-api.jar\n")
        .append("#        docker build -t weft-flink:1.20.3 .\n")
        .append("FROM maven:3.9-eclipse-temurin-17 AS connectors\n")
        .append("RUN");
    for (int i = 0; i < CONNECTORS.size(); i++) {
      out.append(i == 0 ? " " : " \\\n && ")
          .append("mvn -B -q dependency:copy -Dartifact=").append(CONNECTORS.get(i)).append(" -DoutputDirectory=/connectors");
    }
    out.append("\n\nFROM ").append(BASE).append("\n")
        .append("COPY --from=connectors /connectors/ /opt/flink/lib/\n")
        .append("COPY ").append(String.join(" ", WEFT_JARS)).append(" /opt/flink/lib/\n")
        .append("# the jar FlinkDeployments name (jarURI); its classes load from lib/ (classloader.parent-first-patterns.additional: ")
        .append(PARENT_FIRST).append(")\n")
        .append("COPY weft-jobs.jar /opt/flink/usrlib/weft-jobs.jar\n")
        .append("# the Prometheus reporter ships in plugins/metrics-prometheus; the FlinkDeployments switch it on (port 9249)\n");
    return out.toString();
  }
}
