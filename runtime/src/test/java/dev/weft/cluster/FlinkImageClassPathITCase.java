package dev.weft.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.execute.WeftFlinkImage;
import dev.weft.plan.PlanJson;
import dev.weft.plan.ProductPlan;
import dev.weft.plan.ProductSet;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.asm9.org.objectweb.asm.ClassReader;
import org.junit.jupiter.api.Test;

/**
 * The Weft Flink image's class path, proved without building the image (there is no Docker here):
 * its {@code lib/} is Flink's own lib/ plus the jars {@link WeftFlinkImage#LIB} lists (which the
 * Dockerfile downloads from Maven Central) plus Weft's three jars. Flink's part is what cluster.sh
 * resolves from deploy/flink/pom.xml, which stands for flink-dist and the lib/ jars of
 * flink:1.20.3-java17. In a class loader of exactly that, with nothing of this JVM's class path,
 * every example product's job is built as ProductMain builds it, its job graph is serialized and
 * read back as a TaskManager reads it, and every class that Weft's code on ProductMain's path
 * names is found.
 */
class FlinkImageClassPathITCase {
  private static final Path ROOT = Path.of("..");
  private static final Pattern DOWNLOAD = Pattern.compile("https?://\\S+");

  @Test
  void everyExampleJobBuildsAndDeserializesWithTheImagesClassPathAlone() throws Exception {
    Path repository = localRepository();
    List<Path> lib = WeftFlinkImage.LIB.stream().map(repository::resolve).toList();
    assertThat(lib).allMatch(Files::isRegularFile);

    // the Dockerfile downloads exactly that list, from Maven Central
    List<String> downloads = new ArrayList<>();
    Matcher adds = DOWNLOAD.matcher(WeftFlinkImage.dockerfile());
    while (adds.find()) {
      downloads.add(adds.group());
    }
    assertThat(downloads).containsExactlyElementsOf(WeftFlinkImage.LIB.stream().map(path -> WeftFlinkImage.MAVEN_CENTRAL + path).toList());

    // what the list leaves to Flink's lib/ (jobs/pom.xml's flink.image.provided) is in Flink's part of cluster.sh's class path
    List<Path> flink = flinkClassPath();
    Set<String> leftToFlink = artifacts(repository, jobsClassPath());
    leftToFlink.removeAll(artifacts(repository, lib));
    assertThat(artifacts(repository, flink)).containsAll(leftToFlink);
    assertThat(leftToFlink).as("what Flink's lib/ provides").contains("org/apache/flink:flink-runtime", "org/apache/flink:flink-table-runtime");
    assertThat(artifacts(repository, lib)).as("what the image adds").contains("com/google/crypto/tink:tink", "com/google/guava:guava",
        "org/apache/flink:flink-cdc-runtime", "org/apache/flink:flink-connector-kafka", "org/apache/iceberg:iceberg-flink-runtime-1.20");

    List<URL> urls = new ArrayList<>();
    for (Path entry : lib) {
      urls.add(entry.toUri().toURL());
    }
    for (Path entry : flink) {
      urls.add(entry.toUri().toURL());
    }
    // weft-jobs, weft-runtime, weft-catalog-api; and the job graph checker of the jobs module's tests
    for (String module : List.of("jobs/target/classes", "runtime/target/classes", "catalog-api/target/classes", "jobs/target/test-classes")) {
      urls.add(ROOT.resolve(module).toUri().toURL());
    }
    List<ProductPlan> plans = ProductSet.compile(List.of(ROOT.resolve("product-specs"))).plans().stream().filter(p -> !p.batch()).toList();
    assertThat(plans).hasSizeGreaterThanOrEqualTo(4);
    List<String> problems = new ArrayList<>();
    Thread thread = Thread.currentThread();
    ClassLoader before = thread.getContextClassLoader();
    try (URLClassLoader image = new URLClassLoader("weft-flink-image", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      thread.setContextClassLoader(image); // as Flink runs user code
      // ProductMain finds the runtime's translator as a service
      Class<?> translator = image.loadClass("dev.weft.jobs.PlanTranslator");
      assertThat(ServiceLoader.load(translator, image).stream().map(p -> p.type().getName()).toList())
          .containsExactly("dev.weft.execute.ClusterPlanTranslator");

      var missingInGraph = image.loadClass("dev.weft.jobs.JobGraphClasses").getMethod("missing", byte[].class);
      for (ProductPlan plan : plans) {
        byte[] graph = jobGraph(image, PlanJson.write(plan));
        @SuppressWarnings("unchecked")
        List<String> missing = (List<String>) missingInGraph.invoke(null, (Object) graph);
        missing.forEach(line -> problems.add(plan.product() + "'s job graph: " + line));
      }
      List<String> unresolved = unresolved(image, List.of("dev/weft/jobs/ProductMain", "dev/weft/execute/ClusterPlanTranslator"));
      // a batch product's windows (quartz, weft run's scheduler): ProductMain refuses batch products before it builds anything
      unresolved.remove("org.quartz.CronExpression (named by dev.weft.plan.CronWindows)");
      problems.addAll(unresolved);
    } finally {
      thread.setContextClassLoader(before);
    }
    assertThat(problems).isEmpty();
  }

  /** The product's job graph, built in {@code image} as ProductMain builds it, against placeholder endpoints (nothing is contacted). */
  private static byte[] jobGraph(ClassLoader image, String planJson) throws Exception {
    Class<?> planType = image.loadClass("dev.weft.plan.ProductPlan");
    Object plan = image.loadClass("dev.weft.plan.PlanJson").getMethod("read", String.class).invoke(null, planJson);
    Object settings = image.loadClass("dev.weft.execute.ProductJobSettings").getMethod("placeholders", planType).invoke(null, plan);
    Class<?> envType = image.loadClass("org.apache.flink.streaming.api.environment.StreamExecutionEnvironment");
    Object env = envType.getMethod("getExecutionEnvironment").invoke(null);
    image.loadClass("dev.weft.translate.FlinkJobBuilder").getMethod("build", envType, planType, image.loadClass("dev.weft.translate.JobSettings"))
        .invoke(null, env, plan, settings);
    Object streamGraph = envType.getMethod("getStreamGraph", boolean.class).invoke(env, false);
    Object jobGraph = streamGraph.getClass().getMethod("getJobGraph").invoke(streamGraph);
    return (byte[]) image.loadClass("org.apache.flink.util.InstantiationUtil").getMethod("serializeObject", Object.class).invoke(null, jobGraph);
  }

  /**
   * Every class that Weft's classes reachable from {@code roots} name (in their constant pools) and
   * that {@code image} does not have, with the Weft class that names it. Java links lazily, so a
   * missing class would fail only once the code that names it runs, in the cluster.
   */
  static List<String> unresolved(ClassLoader image, List<String> roots) throws IOException {
    Deque<String[]> todo = new ArrayDeque<>();
    roots.forEach(root -> todo.push(new String[] {root, "(ProductMain's path)"}));
    Set<String> seen = new HashSet<>(roots);
    Set<String> missing = new TreeSet<>();
    while (!todo.isEmpty()) {
      String[] next = todo.pop();
      String name = next[0];
      try (InputStream in = image.getResourceAsStream(name + ".class")) {
        if (in == null) {
          missing.add(name.replace('/', '.') + " (named by " + next[1] + ")");
          continue;
        }
        if (!name.startsWith("dev/weft/")) {
          continue; // a library's own references are its build's business: Maven resolved its dependencies
        }
        for (String named : namedClasses(new ClassReader(in))) {
          if (seen.add(named)) {
            todo.push(new String[] {named, name.replace('/', '.')});
          }
        }
      }
    }
    return new ArrayList<>(missing);
  }

  private static final Pattern OBJECT_TYPE = Pattern.compile("L([^;<]+)[;<]");

  /** The classes a class file names: its constant pool's classes and the types of the fields and methods it refers to. */
  private static Set<String> namedClasses(ClassReader reader) {
    Set<String> named = new HashSet<>();
    char[] buffer = new char[reader.getMaxStringLength()];
    for (int item = 1; item < reader.getItemCount(); item++) {
      int offset = reader.getItem(item);
      if (offset == 0) {
        continue;
      }
      int tag = reader.readByte(offset - 1);
      if (tag == 7) { // CONSTANT_Class
        String name = reader.readUTF8(offset, buffer);
        if (name.startsWith("[")) {
          descriptorTypes(name, named);
        } else {
          named.add(name);
        }
      } else if (tag == 12) { // CONSTANT_NameAndType: its descriptor
        descriptorTypes(reader.readUTF8(offset + 2, buffer), named);
      } else if (tag == 16) { // CONSTANT_MethodType
        descriptorTypes(reader.readUTF8(offset, buffer), named);
      }
    }
    named.removeIf(name -> name.startsWith("java/") || name.startsWith("javax/") || name.startsWith("jdk/") || name.startsWith("sun/"));
    return named;
  }

  private static void descriptorTypes(String descriptor, Set<String> named) {
    Matcher types = OBJECT_TYPE.matcher(descriptor);
    while (types.find()) {
      named.add(types.group(1));
    }
  }

  /** Flink's part of the cluster's class path, resolved by Maven from deploy/flink/pom.xml as cluster.sh resolves it. */
  private static List<Path> flinkClassPath() throws Exception {
    Path out = Files.createTempFile("weft-flink-", ".classpath");
    Process maven = new ProcessBuilder("mvn", "-B", "-q", "-o", "-f", ROOT.resolve("deploy/flink/pom.xml").toString(),
        "dependency:build-classpath", "-Dmdep.outputFile=" + out).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(Files.createTempFile("weft-flink-", ".log").toFile())).start();
    assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("Maven resolving deploy/flink/pom.xml").isTrue();
    assertThat(maven.exitValue()).as("Maven resolving deploy/flink/pom.xml").isZero();
    return split(Files.readString(out));
  }

  /** Everything the jobs module needs, Flink included (jobs/target/jobs.classpath). */
  private static List<Path> jobsClassPath() throws IOException {
    return split(Files.readString(ROOT.resolve("jobs/target/jobs.classpath")));
  }

  private static List<Path> split(String classPath) {
    return java.util.Arrays.stream(classPath.trim().split(File.pathSeparator)).filter(s -> !s.isBlank()).map(Path::of).toList();
  }

  /** {@code group/path:artifact} of each jar in the local repository (versions aside: the image and Flink may differ there). */
  private static Set<String> artifacts(Path repository, List<Path> jars) {
    Set<String> artifacts = new TreeSet<>();
    for (Path jar : jars) {
      Path relative = repository.relativize(jar.toAbsolutePath().normalize());
      Path artifactDir = relative.getParent().getParent();
      artifacts.add(artifactDir.getParent().toString().replace(File.separatorChar, '/') + ":" + artifactDir.getFileName());
    }
    return artifacts;
  }

  /** The local Maven repository, where Flink's own jars were resolved from. */
  private static Path localRepository() throws Exception {
    Path jar = Path.of(JobID.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    // …/repository/org/apache/flink/flink-core/1.20.3/flink-core-1.20.3.jar
    return jar.getParent().getParent().getParent().getParent().getParent().getParent();
  }
}
