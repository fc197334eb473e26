package dev.weft.execute;

import dev.weft.plan.PlanJson;
import dev.weft.plan.ProductPlan;
import dev.weft.spec.References;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Locale;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Flink Kubernetes Operator resources for products ({@code weft deploy --target kubernetes}): per
 * product a {@code FlinkDeployment} in application mode ({@code upgradeMode: last-state},
 * Kubernetes HA), or, for a session cluster, a {@code FlinkSessionJob} on one session
 * {@code FlinkDeployment}; the plans in a {@code ConfigMap} that the pods mount; the
 * {@link WeftFlinkImage} Dockerfile. Checkpoints, savepoints and HA metadata go under one state
 * directory that every JobManager and TaskManager sees.
 */
public final class KubernetesResources {
  public static final String API_VERSION = "flink.apache.org/v1beta1";
  public static final String PLANS_CONFIG_MAP = "weft-plans";
  public static final String SESSION_DEPLOYMENT = "weft-session";
  /** The Kubernetes Secret that holds the products' secrets, one key per {@code ${secret:NAME}}, named NAME (deploy/README.md). */
  public static final String SECRETS = "weft-secrets";
  /** The operator derives service names from a FlinkDeployment's name; longer names break them. */
  static final int MAX_NAME_LENGTH = 45;
  private static final String PLANS_MOUNT = "/opt/weft/plans";
  private static final String STATE_MOUNT = "/flink-state";

  /**
   * @param image the Weft Flink image
   * @param stateDir where checkpoints, savepoints and HA metadata go: a {@code file:} path under
   *     {@value #STATE_MOUNT} (a ReadWriteMany volume claimed as {@code weft-flink-state}) or an object store URI
   * @param session FlinkSessionJobs on one session FlinkDeployment instead of one application FlinkDeployment each
   */
  public record Target(String image, String stateDir, boolean session) {
    public static final String DEFAULT_IMAGE = "weft-flink:1.20.3";
    public static final String DEFAULT_STATE_DIR = "file://" + STATE_MOUNT;
  }

  private final Target target;
  private final Configuration options;

  /** @param options the runtime options the jobs run with (Kafka, catalog, checkpoint interval, parallelism …) */
  public KubernetesResources(Target target, Configuration options) {
    this.target = target;
    this.options = options;
  }

  /** Writes every resource and the Dockerfile into {@code out}; returns the files written. */
  public List<Path> write(List<ProductPlan> plans, Path out) throws IOException {
    Files.createDirectories(out);
    List<Path> written = new ArrayList<>();
    written.add(writeYaml(out.resolve(PLANS_CONFIG_MAP + ".yaml"), plansConfigMap(plans)));
    if (target.session()) {
      written.add(writeYaml(out.resolve(SESSION_DEPLOYMENT + ".yaml"), deployment(SESSION_DEPLOYMENT, Optional.empty(), Optional.empty(), plans)));
    }
    for (ProductPlan plan : plans) {
      String name = resourceName(plan);
      Map<String, Object> resource = target.session() ? sessionJob(plan) : deployment(name, Optional.of(plan), Optional.of(job(plan)), List.of(plan));
      written.add(writeYaml(out.resolve(name + ".yaml"), resource));
    }
    Path dockerfile = out.resolve("Dockerfile");
    Files.writeString(dockerfile, WeftFlinkImage.dockerfile());
    written.add(dockerfile);
    return written;
  }

  /** {@code weft-<domain>-<name>-v<major>}: a DNS-1123 name that says product and major. */
  public static String resourceName(ProductPlan plan) {
    String major = String.valueOf(plan.ref().major());
    String name = ("weft-" + plan.product() + "-v" + major).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
    if (name.length() > MAX_NAME_LENGTH) {
      throw new IllegalArgumentException("product " + plan.product() + ": its Kubernetes name " + name + " is longer than "
          + MAX_NAME_LENGTH + " characters, which the Flink Kubernetes Operator's service names allow; shorten its domain or name");
    }
    return name;
  }

  private Map<String, Object> plansConfigMap(List<ProductPlan> plans) {
    Map<String, Object> data = new LinkedHashMap<>();
    plans.forEach(plan -> data.put(resourceName(plan) + ".json", PlanJson.write(plan)));
    return resource("v1", "ConfigMap", PLANS_CONFIG_MAP, Map.of(), "data", data);
  }

  /** @param onPods the products whose jobs its pods run */
  private Map<String, Object> deployment(String name, Optional<ProductPlan> plan, Optional<Map<String, Object>> job, List<ProductPlan> onPods) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("image", target.image());
    spec.put("flinkVersion", "v1_20");
    spec.put("serviceAccount", "flink");
    spec.put("flinkConfiguration", flinkConfiguration(name, plan));
    spec.put("podTemplate", podTemplate(onPods));
    spec.put("jobManager", Map.of("replicas", 1, "resource", resources(1.0, "1536m")));
    spec.put("taskManager", Map.of("resource", resources(1.0, "2048m")));
    job.ifPresent(j -> spec.put("job", j));
    return resource(API_VERSION, "FlinkDeployment", name, labels(plan), "spec", spec);
  }

  private Map<String, Object> sessionJob(ProductPlan plan) {
    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("deploymentName", SESSION_DEPLOYMENT);
    spec.put("flinkConfiguration", jobConfiguration(plan));
    spec.put("job", job(plan));
    return resource(API_VERSION, "FlinkSessionJob", resourceName(plan), labels(Optional.of(plan)), "spec", spec);
  }

  /** The product's job: built in the cluster by ProductMain from its plan; a restart or upgrade continues from its newest checkpoint. */
  private Map<String, Object> job(ProductPlan plan) {
    Map<String, Object> job = new LinkedHashMap<>();
    job.put("jarURI", WeftFlinkImage.JOBS_JAR);
    job.put("entryClass", "dev.weft.jobs.ProductMain");
    job.put("args", List.of("--plan", PLANS_MOUNT + "/" + resourceName(plan) + ".json"));
    job.put("parallelism", options.get(WeftOptions.PARALLELISM));
    job.put("upgradeMode", "last-state");
    job.put("state", "running");
    return job;
  }

  private Map<String, String> flinkConfiguration(String name, Optional<ProductPlan> plan) {
    Configuration cluster = new Configuration();
    cluster.set(TaskManagerOptions.NUM_TASK_SLOTS, 2);
    cluster.set(HighAvailabilityOptions.HA_MODE, "kubernetes");
    cluster.set(HighAvailabilityOptions.HA_STORAGE_PATH, target.stateDir() + "/ha/" + name);
    cluster.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
    cluster.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
    cluster.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    // as a plain string: a list would be written in YAML's flow style, [dev.weft.], which only Flink's YAML config file reads
    cluster.setString(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL.key(), WeftFlinkImage.PARENT_FIRST);
    // Iceberg's shared worker threads keep the class loader of the task that made them after its job ends; the check
    // would then fail later reads on them (S3 client logging) instead of finding a leak (as LocalFlinkCluster and cluster.sh)
    cluster.set(CoreOptions.CHECK_LEAKED_CLASSLOADER, false);
    PrometheusReporting.configure(cluster);
    ExponentialRestarts.configure(cluster, options);
    Map<String, String> config = new TreeMap<>(cluster.toMap());
    plan.ifPresent(p -> config.putAll(jobConfiguration(p)));
    return config;
  }

  /** What a product's job reads from the cluster's configuration: where its checkpoints go, and the services it talks to. */
  private Map<String, String> jobConfiguration(ProductPlan plan) {
    Map<String, String> config = new LinkedHashMap<>();
    config.put(CheckpointingOptions.CHECKPOINTING_INTERVAL.key(), options.get(WeftOptions.CHECKPOINT_INTERVAL).toMillis() + " ms");
    config.put(CheckpointingOptions.CHECKPOINTS_DIRECTORY.key(), target.stateDir() + "/checkpoints/" + plan.names().topic());
    config.put(CheckpointingOptions.SAVEPOINT_DIRECTORY.key(), target.stateDir() + "/savepoints/" + plan.names().topic());
    for (ConfigOption<String> option : List.of(WeftOptions.KAFKA_BOOTSTRAP_SERVERS, WeftOptions.CATALOG_URI, WeftOptions.CATALOG_USER,
        WeftOptions.CATALOG_NAME, WeftOptions.WAREHOUSE, WeftOptions.S3_ENDPOINT, WeftOptions.S3_ACCESS_KEY_ID,
        WeftOptions.S3_SECRET_ACCESS_KEY)) {
      options.getOptional(option).or(() -> Optional.ofNullable(option.defaultValue())).ifPresent(value -> config.put(option.key(), value));
    }
    if (options.getOptional(WeftOptions.WAREHOUSE).filter(warehouse -> warehouse.startsWith("s3://")).isPresent()) {
      // the S3 keys above are references (S3Warehouse refuses others), looked up in the pods
      config.put(WeftOptions.S3_REGION.key(), options.get(WeftOptions.S3_REGION));
      config.put(WeftOptions.S3_PATH_STYLE_ACCESS.key(), options.get(WeftOptions.S3_PATH_STYLE_ACCESS).toString());
    }
    config.put(WeftOptions.KAFKA_TRANSACTION_TIMEOUT.key(), options.get(WeftOptions.KAFKA_TRANSACTION_TIMEOUT).toMillis() + " ms");
    // the password is never written into a resource: the pods read it from the weft-catalog secret
    config.put(WeftOptions.CATALOG_PASSWORD.key(), "${env:WEFT_CATALOG_PASSWORD}");
    return config;
  }

  /**
   * Plans and the shared state volume mounted into every Flink container, the catalog password and
   * the products' secrets from Kubernetes Secrets, Prometheus scraping.
   *
   * @param products the products whose jobs run on the pods: their {@code ${secret:NAME}} references
   *     become {@code WEFT_SECRET_<NAME>} variables from the key NAME of the Secret {@value #SECRETS}
   */
  private Map<String, Object> podTemplate(List<ProductPlan> products) {
    Map<String, Object> container = new LinkedHashMap<>();
    container.put("name", "flink-main-container");
    List<Map<String, Object>> env = new ArrayList<>();
    env.add(Map.of("name", "WEFT_CATALOG_PASSWORD", "valueFrom", Map.of("secretKeyRef", Map.of("name", "weft-catalog", "key", "password"))));
    secretVariables(products).forEach((variable, secret) -> env.add(Map.of("name", variable,
        "valueFrom", Map.of("secretKeyRef", Map.of("name", SECRETS, "key", secret)))));
    container.put("env", env);
    container.put("ports", List.of(Map.of("name", "metrics", "containerPort", PrometheusReporting.PORT)));
    List<Map<String, Object>> mounts = new ArrayList<>(List.of(Map.of("name", "plans", "mountPath", PLANS_MOUNT)));
    List<Map<String, Object>> volumes = new ArrayList<>(List.of(Map.of("name", "plans", "configMap", Map.of("name", PLANS_CONFIG_MAP))));
    if (target.stateDir().startsWith("file:")) {
      mounts.add(Map.of("name", "state", "mountPath", STATE_MOUNT));
      volumes.add(Map.of("name", "state", "persistentVolumeClaim", Map.of("claimName", "weft-flink-state")));
    }
    container.put("volumeMounts", mounts);
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("metadata", Map.of("annotations", Map.of("prometheus.io/scrape", "true", "prometheus.io/port", String.valueOf(PrometheusReporting.PORT))));
    template.put("spec", Map.of("containers", List.of(container), "volumes", volumes));
    return template;
  }

  /**
   * {@code WEFT_SECRET_<NAME>} → NAME, for every {@code ${secret:NAME}} of the products' plans and of
   * the options their jobs run with (SASL, S3 keys): the key NAME of the Secret {@value #SECRETS}.
   * Secret names are one namespace, as {@code WEFT_SECRET_<NAME>} and {@code --secrets-dir} are where
   * weft runs.
   */
  private Map<String, String> secretVariables(List<ProductPlan> products) {
    Map<String, String> variables = new TreeMap<>();
    for (ProductPlan plan : products) {
      Set<String> names = new TreeSet<>(secretNames(PlanJson.write(plan)));
      jobConfiguration(plan).values().forEach(value -> names.addAll(secretNames(value)));
      names.forEach(name -> variables.put(References.secretVariable(name), name));
    }
    return variables;
  }

  private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{(?:weft:)?secret:([A-Za-z0-9_.-]+)}");

  private static List<String> secretNames(String text) {
    List<String> names = new ArrayList<>();
    Matcher m = SECRET_REFERENCE.matcher(text);
    while (m.find()) {
      names.add(m.group(1));
    }
    return names;
  }

  private static Map<String, Object> resources(double cpu, String memory) {
    return Map.of("cpu", cpu, "memory", memory);
  }

  private static Map<String, String> labels(Optional<ProductPlan> plan) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("app.kubernetes.io/part-of", "weft");
    plan.ifPresent(p -> {
      labels.put("weft.dev/product", p.product());
      labels.put("weft.dev/major", String.valueOf(p.ref().major()));
    });
    return labels;
  }

  private static Map<String, Object> resource(String apiVersion, String kind, String name, Map<String, String> labels, String bodyKey,
      Object body) {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("apiVersion", apiVersion);
    resource.put("kind", kind);
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put("name", name);
    if (!labels.isEmpty()) {
      metadata.put("labels", labels);
    }
    resource.put("metadata", metadata);
    resource.put(bodyKey, body);
    return resource;
  }

  private static Path writeYaml(Path file, Map<String, Object> resource) throws IOException {
    DumperOptions style = new DumperOptions();
    style.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    style.setIndent(2);
    style.setWidth(160);
    Files.writeString(file, new Yaml(style).dump(resource));
    return file;
  }
}
