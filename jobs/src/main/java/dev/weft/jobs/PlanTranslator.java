package dev.weft.jobs;

import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.ReadableConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Turns a product's plan ({@code weft plan --json}) into its job's operators, for {@link ProductMain}.
 * Weft's runtime provides the one implementation (a {@link java.util.ServiceLoader} service): the
 * plan types and the job builder stay where the compiler and the local runs use them, and this
 * module, whose classes the job graph holds, knows nothing of specs or plans.
 */
public interface PlanTranslator {
  /**
   * Adds the product's job to {@code env}, with what it reaches (Kafka, the Iceberg catalog, secrets)
   * read from the {@code weft.*} options of {@code env}'s configuration.
   *
   * @return the job's name, which says product and major
   * @throws IllegalArgumentException when the JSON is not a plan this version of Weft reads
   */
  String translate(String planJson, StreamExecutionEnvironment env);

  /**
   * Takes the product's writer lease for {@code job} of the cluster that {@code cluster} configures,
   * as {@code weft run} and {@code weft deploy} take it, and renews it until the returned handle is
   * closed, which gives it up. The same job taking it again (its JobManager failed over) keeps it.
   *
   * @throws IllegalStateException while another writer runs the product, naming where it runs
   */
  AutoCloseable holdWriterLease(String planJson, JobID job, ReadableConfig cluster);
}
