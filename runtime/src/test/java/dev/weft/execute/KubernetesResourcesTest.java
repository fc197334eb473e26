package dev.weft.execute;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.weft.plan.PlanJson;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.kubernetes.operator.api.FlinkDeployment;
import org.apache.flink.kubernetes.operator.api.FlinkSessionJob;
import org.apache.flink.kubernetes.operator.api.spec.FlinkVersion;
import org.apache.flink.kubernetes.operator.api.spec.JobSpec;
import org.apache.flink.kubernetes.operator.api.spec.JobState;
import org.apache.flink.kubernetes.operator.api.spec.UpgradeMode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What weft deploy --target kubernetes writes, read back into the Flink Kubernetes Operator's own
 * model classes (flink-kubernetes-operator-api 1.10.0): a field the operator does not know fails the
 * read, a field it would drop fails the comparison of what was written with what the model holds,
 * and the fields the operator needs are there.
 */
class KubernetesResourcesTest {
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .setSerializationInclusion(JsonInclude.Include.NON_EMPTY);
  private static List<ProductPlan> plans;

  @BeforeAll
  static void compile() throws Exception {
    plans = ProductSet.compile(List.of(Path.of("../product-specs"))).plans();
  }

  @Test
  void oneApplicationDeploymentPerProductWithLastStateUpgradesAndKubernetesHa(@TempDir Path out) throws Exception {
    Configuration options = new Configuration();
    options.set(WeftOptions.KAFKA_BOOTSTRAP_SERVERS, "kafka:9092");
    options.set(WeftOptions.CATALOG_URI, "jdbc:postgresql://catalog:5432/weft");
    new KubernetesResources(new KubernetesResources.Target("weft-flink:1.20.3", "s3://state/weft", false), options).write(plans, out);

    for (ProductPlan plan : plans) {
      Path file = out.resolve(KubernetesResources.resourceName(plan) + ".yaml");
      FlinkDeployment deployment = readExactly(file, FlinkDeployment.class);
      var spec = deployment.getSpec();
      assertThat(deployment.getMetadata().getName()).matches("weft-[a-z0-9-]+-v[0-9]+");
      assertThat(deployment.getMetadata().getLabels()).containsEntry("weft.dev/product", plan.product());
      assertThat(spec.getImage()).isEqualTo("weft-flink:1.20.3");
      assertThat(spec.getFlinkVersion()).isEqualTo(FlinkVersion.v1_20);
      assertThat(spec.getServiceAccount()).isEqualTo("flink");
      assertThat(spec.getJobManager().getResource().getMemory()).isNotBlank();
      assertThat(spec.getTaskManager().getResource().getMemory()).isNotBlank();
      assertJob(spec.getJob(), plan);
      assertThat(spec.getFlinkConfiguration())
          .containsEntry("high-availability.type", "kubernetes")
          .containsEntry("high-availability.storageDir", "s3://state/weft/ha/" + KubernetesResources.resourceName(plan))
          .containsEntry("state.backend.type", "rocksdb")
          .containsEntry("execution.checkpointing.incremental", "true")
          .containsEntry("execution.checkpointing.dir", "s3://state/weft/checkpoints/" + plan.names().topic())
          .containsEntry("execution.checkpointing.savepoint-dir", "s3://state/weft/savepoints/" + plan.names().topic())
          .containsEntry("metrics.reporter.prom.factory.class", "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
          .containsEntry("metrics.reporter.prom.port", "9249")
          .containsEntry("weft.kafka.bootstrap-servers", "kafka:9092")
          .containsEntry("weft.iceberg.catalog-uri", "jdbc:postgresql://catalog:5432/weft")
          .containsEntry("weft.iceberg.catalog-password", "${env:WEFT_CATALOG_PASSWORD}")
          .containsEntry("restart-strategy.type", "exponential-delay")
          // ProductMain's translator (weft-runtime in lib/) and the jobs jar the resource names are one set of classes
          .containsEntry("classloader.parent-first-patterns.additional", "dev.weft.")
          .containsEntry("classloader.check-leaked-classloader", "false");
      Container main = spec.getPodTemplate().getSpec().getContainers().get(0);
      assertThat(main.getName()).isEqualTo("flink-main-container");
      assertThat(main.getVolumeMounts()).extracting(m -> m.getMountPath()).containsExactly("/opt/weft/plans");
      assertThat(main.getEnv().get(0).getValueFrom().getSecretKeyRef().getName()).isEqualTo("weft-catalog");
      assertSecretsFromKubernetes(main, plan, Files.readString(file));
    }
    ConfigMap plansMap = readExactly(out.resolve("weft-plans.yaml"), ConfigMap.class);
    assertThat(plansMap.getData()).hasSize(plans.size());
    for (ProductPlan plan : plans) {
      assertThat(PlanJson.read(plansMap.getData().get(KubernetesResources.resourceName(plan) + ".json"))).isEqualTo(plan);
    }
    assertThat(Files.readString(out.resolve("Dockerfile"))).contains("\nFROM flink:1.20.3-java17\n")
        .contains("\nADD \\\n    https://repo1.maven.org/maven2/").contains(" \\\n    /opt/flink/lib/\n")
        .contains("\nRUN chmod 644 /opt/flink/lib/*.jar\n")
        .contains("\nCOPY weft-jobs.jar weft-runtime.jar weft-catalog-api.jar /opt/flink/lib/\n")
        .contains("\nCOPY weft-jobs.jar /opt/flink/usrlib/weft-jobs.jar\n");
  }

  @Test
  void withSessionOneSessionJobPerProductOnOneSessionDeployment(@TempDir Path out) throws Exception {
    new KubernetesResources(new KubernetesResources.Target(KubernetesResources.Target.DEFAULT_IMAGE,
        KubernetesResources.Target.DEFAULT_STATE_DIR, true), new Configuration()).write(plans, out);

    FlinkDeployment session = readExactly(out.resolve("weft-session.yaml"), FlinkDeployment.class);
    assertThat(session.getSpec().getJob()).isNull();
    assertThat(session.getSpec().getFlinkConfiguration()).containsEntry("high-availability.type", "kubernetes");
    assertThat(session.getSpec().getPodTemplate().getSpec().getVolumes()).extracting(v -> v.getName()).containsExactly("plans", "state");
    // the session's pods run every product: they get every product's secrets
    assertThat(session.getSpec().getPodTemplate().getSpec().getContainers().get(0).getEnv())
        .extracting(v -> v.getName()).contains("WEFT_CATALOG_PASSWORD", "WEFT_SECRET_SHOP_DB_PASSWORD");
    for (ProductPlan plan : plans) {
      FlinkSessionJob job = readExactly(out.resolve(KubernetesResources.resourceName(plan) + ".yaml"), FlinkSessionJob.class);
      assertThat(job.getSpec().getDeploymentName()).isEqualTo("weft-session");
      assertJob(job.getSpec().getJob(), plan);
      assertThat(job.getSpec().getFlinkConfiguration())
          .containsEntry("execution.checkpointing.dir", "file:///flink-state/checkpoints/" + plan.names().topic());
    }
  }

  /** The image's list (resolved by the jobs module's build) holds the connectors at the parent pom's versions, and nothing of Flink's lib/. */
  @Test
  void theImageUsesTheParentPomsVersions() throws Exception {
    String pom = Files.readString(Path.of("../pom.xml"));
    Map<String, String> artifactVersion = Map.of(
        "org/apache/flink/flink-connector-kafka", "flink.kafka.connector.version", "org/apache/kafka/kafka-clients", "kafka.version",
        "org/apache/flink/flink-sql-connector-postgres-cdc", "flink.cdc.version", "org/apache/flink/flink-sql-connector-mysql-cdc", "flink.cdc.version",
        "com/mysql/mysql-connector-j", "mysql-connector.version", "org/postgresql/postgresql", "postgresql.version",
        "org/apache/iceberg/iceberg-flink-runtime-1.20", "iceberg.version", "org/apache/iceberg/iceberg-aws-bundle", "iceberg.version",
        "org/apache/hadoop/hadoop-client-api", "hadoop.version", "org/apache/hadoop/hadoop-client-runtime", "hadoop.version");
    artifactVersion.forEach((artifact, property) -> {
      String version = property(pom, property);
      String name = artifact.substring(artifact.lastIndexOf('/') + 1);
      assertThat(WeftFlinkImage.LIB).contains(artifact + "/" + version + "/" + name + "-" + version + ".jar");
    });
    assertThat(WeftFlinkImage.LIB).noneMatch(jar -> jar.startsWith("org/apache/flink/flink-runtime/") || jar.startsWith("org/apache/logging/"));
    assertThat(WeftFlinkImage.BASE).isEqualTo("flink:" + property(pom, "flink.version") + "-java17");
  }

  /**
   * Every {@code ${secret:NAME}} of the product reaches its pods as {@code WEFT_SECRET_<NAME>} from
   * the key NAME of the Secret weft-secrets, and no value is in the resource.
   */
  private static void assertSecretsFromKubernetes(Container main, ProductPlan plan, String resource) {
    Map<String, String> fromSecrets = new java.util.TreeMap<>();
    main.getEnv().stream().skip(1).forEach(variable -> {
      assertThat(variable.getValue()).as(variable.getName()).isNull();
      var key = variable.getValueFrom().getSecretKeyRef();
      assertThat(key.getName()).isEqualTo("weft-secrets");
      fromSecrets.put(variable.getName(), key.getKey());
    });
    if (plan.product().equals("customers.customer-profiles")) {
      // its CDC input's password, ${secret:shop-db-password}
      assertThat(fromSecrets).isEqualTo(Map.of("WEFT_SECRET_SHOP_DB_PASSWORD", "shop-db-password"));
    }
    Matcher references = Pattern.compile("\\$\\{secret:([a-z0-9_.-]+)}").matcher(PlanJson.write(plan));
    while (references.find()) {
      assertThat(fromSecrets).containsEntry(dev.weft.spec.References.secretVariable(references.group(1)), references.group(1));
    }
    assertThat(resource).doesNotContain("value: ");
  }

  private static void assertJob(JobSpec job, ProductPlan plan) {
    assertThat(job.getJarURI()).isEqualTo("local:///opt/flink/usrlib/weft-jobs.jar");
    assertThat(job.getEntryClass()).isEqualTo("dev.weft.jobs.ProductMain");
    assertThat(job.getArgs()).containsExactly("--plan", "/opt/weft/plans/" + KubernetesResources.resourceName(plan) + ".json");
    assertThat(job.getUpgradeMode()).isEqualTo(UpgradeMode.LAST_STATE);
    assertThat(job.getState()).isEqualTo(JobState.RUNNING);
    assertThat(job.getParallelism()).isEqualTo(1);
  }

  /** Reads a resource into the model, refusing unknown fields, and checks that the model holds every field that was written. */
  private static <T> T readExactly(Path file, Class<T> type) throws Exception {
    JsonNode written = YAML.readTree(file.toFile());
    T model = YAML.treeToValue(written, type);
    JsonNode held = YAML.valueToTree(model);
    assertThat(withoutStatus(held)).as("%s as the operator's model holds it", file.getFileName()).isEqualTo(withoutStatus(written));
    return model;
  }

  private static JsonNode withoutStatus(JsonNode resource) {
    var copy = resource.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).remove("status");
    return copy;
  }

  private static String property(String pom, String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
    assertThat(m.find()).as("property %s in the parent pom", name).isTrue();
    return m.group(1);
  }
}
