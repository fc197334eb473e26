package dev.weft.execute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The Weft Flink image: Flink's own image with, in {@code lib/}, the jars Weft's jobs need beyond
 * what Flink's lib/ has ({@link #LIB}), {@code weft-jobs} (every class a job graph holds) and
 * {@code weft-runtime} with {@code weft-catalog-api}, from which {@code dev.weft.jobs.ProductMain}
 * builds a product's job inside the cluster out of its plan (the runtime's {@code PlanTranslator}).
 * {@code weft-jobs} is in {@code usrlib/} too, since FlinkDeployments must name a jar; its classes
 * load from {@code lib/} ({@link #PARENT_FIRST}).
 */
public final class WeftFlinkImage {
  public static final String BASE = "flink:1.20.3-java17";
  /** Where the image's jars are downloaded from. */
  public static final String MAVEN_CENTRAL = "https://repo1.maven.org/maven2/";
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
  /** The list {@link #LIB} in weft-jobs.jar, written by the jobs module's build. */
  static final String LIB_RESOURCE = "dev/weft/jobs/image-lib.classpath";
  /**
   * The one list of what the cluster's class path adds to Flink's: the jars Weft's jobs need beyond
   * Flink's own lib/, as paths in a Maven repository ({@code com/google/crypto/tink/tink/1.18.0/tink-1.18.0.jar}).
   * The jobs module's build resolves it (jobs/pom.xml, execution {@code image-lib}: its runtime
   * dependencies with their dependencies, less {@code flink.image.provided}, the artifacts that
   * flink:1.20.3-java17's lib/ has). The image downloads these from Maven Central; deploy/flink/cluster.sh
   * puts the same list, from the local repository, on its JobManager and TaskManagers.
   */
  public static final List<String> LIB = readLib();

  private WeftFlinkImage() {}

  /** A Dockerfile that downloads {@link #LIB} from Maven Central and adds Weft's jars from the build context. */
  public static String dockerfile() {
    StringBuilder out = new StringBuilder();
    out.append("# The Weft Flink image: ").append(BASE).append(" with, in lib/, the jars Weft's jobs need beyond Flink's own lib/,\n")
        .append("# and weft-jobs, weft-runtime and weft-catalog-api: dev.weft.jobs.ProductMain --plan PLAN.json builds a product's job\n")
        .append("# inside the cluster (deploy/README.md). Build it in this folder, with Weft's jars from the same Weft build:\n")
        .append("#   (in Weft's checkout) mvn -B -pl runtime -am package -DskipTests\n")
        .append("#   cp WEFT/jobs/target/weft-jobs-*.jar weft-jobs.jar; cp WEFT/runtime/target/weft-runtime-*.jar weft-runtime.jar\n")
        .append("#   cp WEFT/catalog-api/target/weft-catalog-api-*.jar weft-catalog-api.jar\n")
        .append("#   docker build -t weft-flink:1.20.3 .\n")
        .append("FROM ").append(BASE).append("\n")
        .append("# the jobs module's dependencies, resolved by its build, less what Flink's lib/ has (jobs/pom.xml, image-lib);\n")
        .append("# deploy/flink/cluster.sh runs local clusters on the same list\n")
        .append("ADD");
    for (String jar : LIB) {
      out.append(" \\\n    ").append(MAVEN_CENTRAL).append(jar);
    }
    out.append(" \\\n    /opt/flink/lib/\n")
        .append("# ADD writes downloads readable by root alone; Flink runs as the user flink\n")
        .append("RUN chmod 644 /opt/flink/lib/*.jar\n")
        .append("COPY ").append(String.join(" ", WEFT_JARS)).append(" /opt/flink/lib/\n")
        .append("# the jar FlinkDeployments name (jarURI); its classes load from lib/ (classloader.parent-first-patterns.additional: ")
        .append(PARENT_FIRST).append(")\n")
        .append("COPY weft-jobs.jar /opt/flink/usrlib/weft-jobs.jar\n")
        .append("# the Prometheus reporter ships in plugins/metrics-prometheus; the FlinkDeployments switch it on (port 9249)\n");
    return out.toString();
  }

  private static List<String> readLib() {
    try (InputStream in = WeftFlinkImage.class.getClassLoader().getResourceAsStream(LIB_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(LIB_RESOURCE + " is missing from weft-jobs.jar: build the jobs module with Maven (mvn -pl jobs package)");
      }
      // build-classpath wrote them behind the placeholder for the local repository
      return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split(":"))
          .map(entry -> entry.substring(entry.indexOf('/') + 1)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + LIB_RESOURCE, e);
    }
  }
}
